package org.agencyverify.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.support.Ports;
import org.agencyverify.support.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged service (target/quarkus-app) on their own ports, with the same
 * database and Redis prefix, as in a Deployment with several pods: a limit of N holds across both,
 * N in total and not N per replica.
 */
class RateLimitAcrossReplicasIT {

    private static final int LIMIT = 4;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<ServerProcess> REPLICAS = new ArrayList<>();
    private static final List<Integer> PORTS = new ArrayList<>();

    @BeforeAll
    static void startTwoReplicas() {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the service first (mvn verify)");
        for (int i = 0; i < 2; i++) {
            int port = Ports.free();
            ServerProcess replica = new ServerProcess("replica-" + port, List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.profile=test",
                    "-Dquarkus.http.port=" + port,
                    // The database is shared: neither replica may wipe it under the other.
                    "-Dquarkus.flyway.clean-at-start=false",
                    "-Dquarkus.log.file.enabled=false",
                    "-Dagency-verify.rate-limits.confirmation.per-confirmation=" + LIMIT + "/1M",
                    "-jar", jar.toString()), Map.of());
            REPLICAS.add(replica);
            replica.start(Duration.ofSeconds(120), () -> status(port, "GET", "/q/health/live") == 200);
            PORTS.add(port);
        }
    }

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(ServerProcess::stop);
    }

    @Test
    void theLimitIsSharedNotPerReplica() {
        String path = "/v1/confirmations/" + UUID.randomUUID();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2 * LIMIT; i++) {
            statuses.add(status(PORTS.get(i % 2), "POST", path));
        }
        // Unsigned answers are 401 while under the limit; both replicas refuse once N were taken in total.
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 2 * LIMIT; i++) {
            expected.add(i < LIMIT ? 401 : 429);
        }
        assertEquals(expected, statuses);
    }

    private static int status(int port, String method, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        request = "POST".equals(method)
                ? request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                : request.GET();
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
