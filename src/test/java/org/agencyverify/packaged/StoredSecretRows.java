package org.agencyverify.packaged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.agencyverify.common.crypto.SecretBox;

/**
 * A schema of its own in the tests' database, which the packaged service migrates and uses: its keys may
 * be resealed and broken without touching what other tests run on. Rows are read and written with plain
 * JDBC, as an operator's psql would.
 */
final class StoredSecretRows {

    static final String WEBHOOK_SECRET = "whsec_" + UUID.randomUUID();
    static final String CLIENT_SECRET = "idp-client-secret-" + UUID.randomUUID();
    private static final String SCHEMA = "kek_it";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String user;
    private final String password;
    private final UUID contactId = UUID.randomUUID();

    private StoredSecretRows(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * The schema, dropped and created again. The database is the test profile's, or the one the build was
     * told ({@code -D%test.quarkus.datasource.jdbc.url=...}), as for the @QuarkusTest classes.
     */
    static StoredSecretRows freshSchema() throws SQLException {
        Properties config = new Properties();
        try (var reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
            config.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String database = System.getProperty("%test.quarkus.datasource.jdbc.url", config.getProperty("%test.quarkus.datasource.jdbc.url"));
        StoredSecretRows rows = new StoredSecretRows(database, config.getProperty("quarkus.datasource.username"),
                config.getProperty("quarkus.datasource.password"));
        try (Connection c = rows.connect(false)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            c.createStatement().execute("CREATE SCHEMA " + SCHEMA);
        }
        return rows;
    }

    /** System properties that point the service at the schema (and at a Redis prefix of its own). */
    Map<String, String> datasource() {
        String prefix = System.getProperty("%test.agency-verify.redis.key-prefix", "agency-verify-test:");
        return Map.of("quarkus.datasource.jdbc.url", url + "?currentSchema=" + SCHEMA, "agency-verify.redis.key-prefix",
                prefix + "kek-it:");
    }

    UUID contactId() {
        return contactId;
    }

    /** An ACTIVE agency with an ACTIVE HMAC webhook contact, and a pending IdP link with its client secret, sealed by {@code box}. */
    void insertWebhookContactAndPendingLink(SecretBox box) throws SQLException {
        UUID agencyId = UUID.randomUUID();
        UUID changeId = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = connect(true)) {
            update(c, "INSERT INTO agency (id, name, kind, country, status, source, created_at, updated_at)"
                    + " VALUES (?, 'KEK test agency', 'CITY', 'US', 'ACTIVE', 'OPERATOR', ?, ?)", agencyId, now, now);
            update(c, "INSERT INTO agency_contact (id, agency_id, name, role, level, channel, webhook_url, signature_scheme,"
                    + " hmac_secret_encrypted, status, created_at, updated_at) VALUES (?, ?, 'Records system', 'records custodian',"
                    + " 'STANDARD', 'WEBHOOK', 'http://127.0.0.1:9/hook', 'HMAC_SHA256', ?, 'ACTIVE', ?, ?)", contactId, agencyId,
                    box.seal(WEBHOOK_SECRET, "agency_contact:" + contactId + ":hmac"), now, now);
            update(c, "INSERT INTO contact_change (id, agency_id, action, idp_alias, proposed_by, status, effective_at, created_at,"
                    + " payload, idp_client_secret_sealed) VALUES (?, ?, 'LINK_IDENTITY_PROVIDER', ?, 'operator:kek-it', 'PENDING',"
                    + " ?, ?, '{}'::jsonb, ?)", changeId, agencyId, "kek-" + changeId.toString().substring(0, 8),
                    Timestamp.from(Instant.now().plusSeconds(365L * 24 * 3600)), now,
                    box.seal(CLIENT_SECRET, "contact_change:" + changeId + ":idp-client-secret"));
        }
    }

    /** Every sealed text in the schema, by the context it was sealed with. */
    Map<String, String> sealedTexts() throws SQLException {
        Map<String, String> texts = new LinkedHashMap<>();
        try (Connection c = connect(true)) {
            query(c, "SELECT kid, private_key_sealed FROM signing_key ORDER BY kid", r -> texts.put("signing-key:" + r.getString(1), r.getString(2)));
            query(c, "SELECT id, hmac_secret_encrypted FROM agency_contact WHERE hmac_secret_encrypted IS NOT NULL",
                    r -> texts.put("agency_contact:" + r.getString(1) + ":hmac", r.getString(2)));
            query(c, "SELECT id, idp_client_secret_sealed FROM contact_change WHERE idp_client_secret_sealed IS NOT NULL",
                    r -> texts.put("contact_change:" + r.getString(1) + ":idp-client-secret", r.getString(2)));
            query(c, "SELECT jti, token_sealed FROM trust_token", r -> texts.put("trust-token:" + r.getString(1), r.getString(2)));
        }
        return texts;
    }

    /** The details of each {@code secrets.resealed} audit event. */
    List<JsonNode> resealAudits() throws SQLException {
        List<JsonNode> details = new ArrayList<>();
        try (Connection c = connect(true)) {
            query(c, "SELECT details::text FROM audit_event WHERE action = 'secrets.resealed' ORDER BY sequence", r -> {
                try {
                    details.add(JSON.readTree(r.getString(1)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return details;
    }

    void drop() throws SQLException {
        try (Connection c = connect(false)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private Connection connect(boolean inSchema) throws SQLException {
        return DriverManager.getConnection(inSchema ? url + "?currentSchema=" + SCHEMA : url, user, password);
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private interface Row {
        void read(ResultSet row) throws SQLException;
    }

    private static void query(Connection c, String sql, Row row) throws SQLException {
        try (ResultSet result = c.createStatement().executeQuery(sql)) {
            while (result.next()) {
                row.read(result);
            }
        }
    }
}
