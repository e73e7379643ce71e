package org.agencyverify.packaged;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.Ports;
import org.agencyverify.support.ServerProcess;
import org.agencyverify.token.StatusIndexes;
import org.agencyverify.token.StatusListEncoding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged service on a schema of their own in the tests' database (status_list_it,
 * dropped afterwards) and a Redis prefix of their own: a revocation committed to PostgreSQL as
 * TokenRevocation commits one (the token's revoked_at and the list's version, in one transaction) is in
 * both replicas' lists within the list's ttl, and the two lists then say the same of every index.
 */
class StatusListAcrossReplicasIT {

    private static final String SCHEMA = "status_list_it";
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<ServerProcess> REPLICAS = new ArrayList<>();
    private static final List<Integer> PORTS = new ArrayList<>();
    private static String url;
    private static String user;
    private static String password;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the service first (mvn verify)");
        Properties config = new Properties();
        try (var reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
            config.load(reader);
        }
        url = System.getProperty("%test.quarkus.datasource.jdbc.url", config.getProperty("%test.quarkus.datasource.jdbc.url"));
        user = config.getProperty("quarkus.datasource.username");
        password = config.getProperty("quarkus.datasource.password");
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            c.createStatement().execute("CREATE SCHEMA " + SCHEMA);
        }
        String prefix = System.getProperty("%test.agency-verify.redis.key-prefix", "agency-verify-test:") + "status-list-it:";
        // The first replica migrates the empty schema; the second starts once it is up, on the same schema.
        for (int i = 0; i < 2; i++) {
            int port = Ports.free();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port));
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("quarkus.datasource.jdbc.url", url + "?currentSchema=" + SCHEMA);
            settings.put("agency-verify.redis.key-prefix", prefix);
            settings.put("quarkus.flyway.clean-at-start", "false");
            settings.put("quarkus.log.file.enabled", "false");
            settings.put("agency-verify.agencies.domains.recheck-every", "off");
            settings.put("agency-verify.tokens.status-list-ttl", TTL.toSeconds() + "S");
            // Both forms: the test profile's own %test values in application.properties must not win.
            settings.forEach((k, v) -> command.addAll(List.of("-D" + k + "=" + v, "-D%test." + k + "=" + v)));
            command.addAll(List.of("-jar", jar.toString()));
            ServerProcess replica = new ServerProcess("status-list-" + port, command, Map.of());
            REPLICAS.add(replica);
            replica.start(Duration.ofSeconds(120), () -> status(port, "/q/health/live") == 200);
            PORTS.add(port);
        }
    }

    @AfterAll
    static void stopReplicas() throws SQLException {
        REPLICAS.forEach(ServerProcess::stop);
        if (url != null) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }

    @Test
    void aRevocationReachesBothReplicasWithinTheTtl() throws Exception {
        int idx = ThreadLocalRandom.current().nextInt(StatusIndexes.SIZE);
        for (int port : PORTS) {
            assertEquals(0, StatusListEncoding.get(list(port), 1, idx), "VALID on replica " + port + " before");
        }

        Instant committed = revokeATokenAt(idx);
        Eventually.within(TTL, () -> {
            for (int port : PORTS) {
                assertEquals(1, StatusListEncoding.get(list(port), 1, idx), "INVALID on replica " + port);
            }
        });
        assertTrue(Duration.between(committed, Instant.now()).compareTo(TTL) < 0, "within the ttl");
        // And the two agree on every index (read again until no rebuild falls between the two reads).
        Eventually.within(TTL, () -> assertArrayEquals(list(PORTS.get(0)), list(PORTS.get(1))));
    }

    /** A replica's list, checked: typ, a signature by a key of that replica's JWKS, and its bytes. */
    private static byte[] list(int port) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/status-lists/1"))
                    .header("Accept", "application/statuslist+jwt").timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            SignedJWT jwt = SignedJWT.parse(response.body());
            assertEquals(new JOSEObjectType("statuslist+jwt"), jwt.getHeader().getType());
            JWKSet jwks = JWKSet.parse(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertNotNull(key, "signed with a published key");
            assertTrue(jwt.verify(new ECDSAVerifier(key.toECPublicKey())));
            return StatusListEncoding.array((String) jwt.getJWTClaimsSet().getJSONObjectClaim("status_list").get("lst"),
                    StatusIndexes.SIZE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A live token at {@code idx}, revoked, with the list's version bumped, in one transaction: what the
     * database holds after TokenRevocation (its records of agency, officer and portal are suspended ones
     * that no job of the replicas acts on).
     */
    private static Instant revokeATokenAt(int idx) throws SQLException {
        UUID agency = UUID.randomUUID();
        UUID officer = UUID.randomUUID();
        UUID portal = UUID.randomUUID();
        UUID verification = UUID.randomUUID();
        UUID jti = UUID.randomUUID();
        String tag = jti.toString().substring(0, 8);
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp expires = Timestamp.from(Instant.now().plus(Duration.ofMinutes(20)));
        try (Connection c = DriverManager.getConnection(url + "?currentSchema=" + SCHEMA, user, password)) {
            c.setAutoCommit(false);
            String kid = single(c, "SELECT kid FROM signing_key WHERE status = 'ACTIVE'");
            update(c, "INSERT INTO agency (id, name, kind, country, status, source, created_at, updated_at)"
                    + " VALUES (?, 'Status list IT agency', 'CITY', 'US', 'SUSPENDED', 'OPERATOR', ?, ?)", agency, now, now);
            update(c, "INSERT INTO officer (id, agency_id, email, name, badge_number, keycloak_user_id, status, created_at, updated_at)"
                    + " VALUES (?, ?, ?, 'IT Officer', ?, ?, 'SUSPENDED', ?, ?)", officer, agency, "officer-" + tag + "@it.test", tag,
                    "kc-" + tag, now, now);
            update(c, "INSERT INTO portal (id, name, audience, keycloak_client_id, keycloak_client_uuid, status, created_at, updated_at)"
                    + " VALUES (?, 'IT portal', ?, ?, ?, 'SUSPENDED', ?, ?)", portal, "https://it-" + tag + ".example", "portal-" + tag,
                    "kc-" + tag, now, now);
            update(c, "INSERT INTO verification (id, portal_id, agency_id, officer_id, audience, requester_email, requester_domain,"
                    + " purpose, case_reference, state, credential_kind, binding_code, binding_message, expires_at, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'it.test', 'SUBPOENA', 'IT-1', 'TOKEN_ISSUED', 'PASSWORD_OTP', 'ABCD-EFGH', 'IT', ?, ?, ?)",
                    verification, portal, agency, officer, "https://it-" + tag + ".example", "officer-" + tag + "@it.test", expires, now, now);
            update(c, "INSERT INTO trust_token (jti, verification_id, officer_id, agency_id, portal_id, audience, kid, token_hash,"
                    + " token_sealed, introspection, issued_at, not_before, expires_at, revoked_at, revoked_reason, status_idx)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'unused', '{}', ?, ?, ?, ?, 'officer-suspended', ?)", jti, verification, officer,
                    agency, portal, "https://it-" + tag + ".example", kid, (jti.toString().replace("-", "") + "0".repeat(32)).substring(0, 64),
                    now, now, expires, now, idx);
            update(c, "INSERT INTO token_status_slot (idx, jti, held_until) VALUES (?, ?, ?)", idx, jti, expires);
            update(c, "UPDATE token_status_list SET version = version + 1, changed_at = now() WHERE id = 1");
            c.commit();
        }
        return Instant.now();
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (ResultSet result = c.createStatement().executeQuery(sql)) {
            assertTrue(result.next(), "a row for " + sql);
            return result.getString(1);
        }
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
