package org.agencyverify.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.crypto.RandomSecrets;
import org.agencyverify.common.crypto.SecretBox;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.Ports;
import org.agencyverify.support.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged service against a database whose secrets were sealed under another key-encryption key
 * (the issue-13 demo: ready, then a 500 on every poll). With the wrong key it is not ready, says so in
 * one line, changes nothing, and answers a value that does not open with a 503 problem; with the old
 * key listed as previous it reseals every value under the new key, audits it, and is ready; then the
 * new key alone opens everything. The database is a schema of its own (see {@link StoredSecretRows}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyEncryptionKeyIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLD_KEY = base64Key();
    private static final String NEW_KEY = base64Key();
    private static StoredSecretRows rows;
    private static Map<String, String> sealedBefore;

    @BeforeAll
    static void rowsSealedUnderTheOldKey() throws Exception {
        rows = StoredSecretRows.freshSchema();
        try (Run first = Run.start("first", OLD_KEY, null)) {
            Eventually.within(Duration.ofSeconds(60), () -> assertEquals(200, first.get("/q/health/ready").statusCode()));
            // The first JWKS read creates the ACTIVE and NEXT signing keys, sealed under the running key.
            assertEquals(2, JSON.readTree(first.get("/.well-known/jwks.json").body()).path("keys").size());
        }
        rows.insertWebhookContactAndPendingLink(SecretBox.fromBase64(OLD_KEY));
        sealedBefore = rows.sealedTexts();
        assertEquals(4, sealedBefore.size(), sealedBefore.keySet().toString());
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (rows != null) {
            rows.drop();
        }
    }

    @Test
    @Order(1)
    void aWrongKeyKeepsTheServiceNotReadyAndAnswers503ProblemsChangingNothing() throws Exception {
        try (Run wrong = Run.start("wrong-key", NEW_KEY, null)) {
            HttpResponse<String> ready = wrong.get("/q/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            JsonNode check = check(ready, "stored-secrets");
            assertEquals("DOWN", check.path("status").asText(), ready.body());
            assertEquals("2 of 2 do not open", check.path("data").path("signing-keys").asText(), ready.body());
            assertEquals(200, wrong.get("/q/health/live").statusCode(), "a restart does not help: stay live");

            // A value that does not open at run time: the contact's webhook secret, for its signed report.
            HttpResponse<String> report = wrong.postSignedReport(rows.contactId());
            assertEquals(503, report.statusCode(), report.body());
            assertEquals("application/problem+json", report.headers().firstValue("Content-Type").orElse(""));
            assertEquals("urn:agency-verify:problem:stored-secret-unreadable", JSON.readTree(report.body()).path("type").asText());

            List<String> lines = wrong.logLines("does not open");
            List<String> problem = lines.stream().filter(l -> l.contains("ERROR") && l.contains("AGENCY_VERIFY_SECRETS_KEY_ENCRYPTION_SECRET")).toList();
            assertEquals(1, problem.size(), String.join("\n", lines));
            for (String expected : List.of("The key-encryption key (AGENCY_VERIFY_SECRETS_KEY_ENCRYPTION_SECRET) does not open",
                    "2 of 2 stored signing keys", "1 of 1 stored contact webhook secrets",
                    "1 of 1 stored client secrets of pending identity-provider links",
                    "agency-verify.secrets.previous-key-encryption-secrets")) {
                assertTrue(problem.get(0).contains(expected), expected + " in " + problem.get(0));
            }
            assertFalse(wrong.log().contains("Unhandled error"), "a 503 problem, not a 500");
            assertSecretsNeverLogged(wrong.log());
        }
        assertEquals(sealedBefore, rows.sealedTexts(), "nothing resealed, nothing created");
        assertEquals(0, rows.resealAudits().size());
    }

    @Test
    @Order(2)
    void theOldKeyListedAsPreviousIsResealedUnderTheNewOne() throws Exception {
        try (Run rotating = Run.start("rotating", NEW_KEY, OLD_KEY)) {
            Eventually.within(Duration.ofSeconds(60), () -> assertEquals(200, rotating.get("/q/health/ready").statusCode()));
            assertEquals("UP", check(rotating.get("/q/health/ready"), "stored-secrets").path("status").asText());
            List<String> resealed = rotating.logLines("Resealed under the current key-encryption key: ");
            assertEquals(1, resealed.size(), rotating.log());
            for (String expected : List.of("2 stored signing keys", "1 stored contact webhook secrets",
                    "1 stored client secrets of pending identity-provider links", "remove the previous key(s)")) {
                assertTrue(resealed.get(0).contains(expected), expected + " in " + resealed.get(0));
            }
            assertSecretsNeverLogged(rotating.log());
        }
        Map<String, String> after = rows.sealedTexts();
        assertEquals(sealedBefore.keySet(), after.keySet());
        SecretBox oldBox = SecretBox.fromBase64(OLD_KEY);
        SecretBox newBox = SecretBox.fromBase64(NEW_KEY);
        for (Map.Entry<String, String> row : sealedBefore.entrySet()) {
            String context = row.getKey();
            assertNotEquals(row.getValue(), after.get(context), context);
            assertEquals(oldBox.open(row.getValue(), context), newBox.open(after.get(context), context), context);
        }
        List<JsonNode> audits = rows.resealAudits();
        assertEquals(1, audits.size());
        assertEquals(JSON.readTree("{\"signing-keys\":2,\"contact-webhook-secrets\":1,\"identity-provider-client-secrets\":1}"),
                audits.get(0));
    }

    @Test
    @Order(3)
    void afterwardsTheNewKeyAloneOpensEverything() throws Exception {
        try (Run rotated = Run.start("rotated", NEW_KEY, null)) {
            Eventually.within(Duration.ofSeconds(60), () -> assertEquals(200, rotated.get("/q/health/ready").statusCode()));
            assertTrue(rotated.logLines("does not open").isEmpty(), rotated.log());
        }
        assertEquals(1, rows.resealAudits().size(), "nothing left to reseal");
    }

    private static JsonNode check(HttpResponse<String> health, String name) throws IOException {
        for (JsonNode check : JSON.readTree(health.body()).path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health.body());
    }

    private static void assertSecretsNeverLogged(String log) {
        for (String secret : List.of(OLD_KEY, NEW_KEY, StoredSecretRows.WEBHOOK_SECRET, StoredSecretRows.CLIENT_SECRET)) {
            assertFalse(log.contains(secret), "a key or secret in the log");
        }
    }

    private static String base64Key() {
        return Base64.getEncoder().encodeToString(RandomSecrets.bytes(32));
    }

    /** One start of the packaged jar (test profile) on the schema, with these keys; its console in target/servers. */
    private record Run(ServerProcess process, int port, Path logFile) implements AutoCloseable {

        static Run start(String label, String key, String previousKey) {
            Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
            assertTrue(Files.exists(jar), "package the service first (mvn verify)");
            int port = Ports.free();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port));
            Map<String, String> settings = new LinkedHashMap<>(rows.datasource());
            settings.putAll(Map.of("quarkus.log.file.enabled", "false", "quarkus.flyway.clean-at-start", "false",
                    "agency-verify.agencies.domains.recheck-every", "off", "agency-verify.secrets.key-encryption-secret", key));
            if (previousKey != null) {
                settings.put("agency-verify.secrets.previous-key-encryption-secrets", previousKey);
            }
            // Both forms: the test profile's own %test values in application.properties must not win.
            settings.forEach((k, v) -> command.addAll(List.of("-D" + k + "=" + v, "-D%test." + k + "=" + v)));
            command.addAll(List.of("-jar", jar.toString()));
            String name = "kek-" + label + "-" + port;
            ServerProcess process = new ServerProcess(name, command, Map.of());
            Run run = new Run(process, port, Path.of("target", "servers", name + ".log"));
            process.start(Duration.ofSeconds(120), () -> run.status("/q/health/live") == 200);
            return run;
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        /** A compromise report with fresh Standard Webhooks headers; its signature is never reached if the secret does not open. */
        HttpResponse<String> postSignedReport(UUID contactId) {
            return send(HttpRequest.newBuilder(uri("/v1/contacts/" + contactId + "/compromise-reports"))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", "msg_" + UUID.randomUUID())
                    .header("webhook-timestamp", String.valueOf(Instant.now().getEpochSecond()))
                    .header("webhook-signature", "v1," + Base64.getEncoder().encodeToString(new byte[32]))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"officerId\":\"" + UUID.randomUUID() + "\",\"reason\":\"test\"}")));
        }

        String log() {
            try {
                return Files.readString(logFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        List<String> logLines(String containing) {
            return log().lines().filter(l -> l.contains(containing)).toList();
        }

        int status(String path) {
            try {
                return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        @Override
        public void close() {
            process.stop();
        }
    }
}
