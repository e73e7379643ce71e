package org.agencyverify.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.Ports;
import org.junit.jupiter.api.Test;

/**
 * The packaged service in the production profile refuses to start with an empty Keycloak client secret
 * or one that was ever published in this repository, naming what to set; with this machine's own
 * secrets it starts (so the refusals are the secrets' doing, not some other failure).
 */
class ProductionSecretsIT {

    private static final String ADMIN_SECRET = "QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET";
    private static final String DIRECT_GRANT_SECRET = "AGENCY_VERIFY_VERIFICATION_DIRECT_GRANT_CLIENT_SECRET";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Properties TEST_PROFILE = new Properties();

    static {
        try (var reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
            TEST_PROFILE.load(reader);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anEmptyClientSecretStopsTheStart() throws Exception {
        Run run = start(Map.of(DIRECT_GRANT_SECRET, ""));
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("agency-verify.verification.direct-grant-client-secret is empty: set "
                + DIRECT_GRANT_SECRET), run.output());
        // Quarkus' own admin client refuses an empty secret even before our check runs: no start either.
        assertNotEquals(0, start(Map.of(ADMIN_SECRET, "")).exitCode());
    }

    @Test
    void aPublishedClientSecretStopsTheStart() throws Exception {
        Run run = start(Map.of(ADMIN_SECRET, "local-only-admin-client-secret"));
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("published in the source repository"), run.output());
    }

    @Test
    void thisMachinesOwnSecretsStart() throws Exception {
        Run run = start(Map.of());
        assertEquals(-1, run.exitCode(), "still running: " + run.output());
    }

    private record Run(int exitCode, String output) {}

    /** Starts the jar in the prod profile; answers its exit code, or -1 once it answered /q/health/live (then stops it). */
    private static Run start(Map<String, String> environment) throws IOException, InterruptedException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the service first (mvn verify)");
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port));
        // The test profile's database, Redis prefix and throwaway keys, so only the client secrets differ from a
        // production start (the database is the tests' own and already migrated; nothing is cleaned). The build's
        // -D%test.KEY first: make test's lane b has a database of its own while lane a's tests clean theirs.
        for (String key : List.of("quarkus.datasource.jdbc.url", "agency-verify.redis.key-prefix",
                "agency-verify.secrets.key-encryption-secret", "agency-verify.webhooks.signing-private-key",
                "agency-verify.webhooks.signing-public-key")) {
            command.add("-D" + key + "=" + System.getProperty("%test." + key, TEST_PROFILE.getProperty("%test." + key)));
        }
        command.addAll(List.of("-Dagency-verify.agencies.domains.recheck-every=off", "-jar", jar.toString()));
        Path log = Path.of("target", "servers", "production-secrets-" + port + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
                }
                if (live(port)) {
                    return new Run(-1, Files.readString(log, StandardCharsets.UTF_8));
                }
                Eventually.sleep(250);
            }
            return new Run(-2, "neither started nor stopped in 90 s: " + Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static boolean live(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
