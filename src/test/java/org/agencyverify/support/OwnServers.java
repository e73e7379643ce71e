package org.agencyverify.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Redis and a Keycloak that belong to one test class, on spare ports, so the test can stop and
 * restart them without touching the machine's shared servers. Keycloak runs from the stack's
 * second copy of the distribution (scripts/stack.sh kc-aux-home).
 */
public class OwnServers implements QuarkusTestResourceLifecycleManager {

    private static final String REALM = "agency-verify";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private static ServerProcess redis;
    private static ServerProcess keycloak;
    private static int redisPort;
    private static int keycloakPort;

    @Override
    public Map<String, String> start() {
        redisPort = Ports.free();
        keycloakPort = Ports.free();
        int managementPort = Ports.free();
        redis = new ServerProcess("redis-" + redisPort, List.of("redis-server", "--port", String.valueOf(redisPort),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"), Map.of());
        String home = keycloakHome();
        keycloak = new ServerProcess("keycloak-" + keycloakPort, List.of(home + "/bin/kc.sh", "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + keycloakPort, "--http-management-port=" + managementPort,
                "--db=dev-mem", "--import-realm"),
                // Its master realm's admin (as the stack's): scripts/stack.sh apply-local signs in with it.
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", System.getenv().getOrDefault("KEYCLOAK_ADMIN_USER", "admin"),
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", System.getenv().getOrDefault("KEYCLOAK_ADMIN_PASSWORD", "admin")));
        startRedis();
        startKeycloak();
        return Map.of(
                "quarkus.redis.hosts", "redis://127.0.0.1:" + redisPort,
                "agency-verify.keycloak.url", "http://127.0.0.1:" + keycloakPort);
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.stop();
        }
        if (keycloak != null) {
            keycloak.stop();
        }
    }

    public static void startRedis() {
        redis.start(Duration.ofSeconds(20), OwnServers::redisAnswers);
    }

    public static void stopRedis() {
        redis.stop();
    }

    public static void startKeycloak() {
        // The first boot of the copy augments Keycloak (about 40 s on 2 cores); later boots take about 15 s.
        keycloak.start(Duration.ofSeconds(240), OwnServers::realmAnswers);
        // Its in-memory realm is the production file's, imported again at every start: this machine's client
        // secrets and the local additions go on top, as scripts/stack.sh does for the stack's Keycloak.
        stackScript("apply-local", "http://127.0.0.1:" + keycloakPort);
    }

    public static void stopKeycloak() {
        keycloak.stop();
    }

    private static boolean redisAnswers() {
        return OwnRedis.answers(redisPort);
    }

    private static boolean realmAnswers() {
        URI discovery = URI.create("http://127.0.0.1:" + keycloakPort + "/realms/" + REALM + "/.well-known/openid-configuration");
        try {
            return HTTP.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String keycloakHome() {
        String out = stackScript("kc-aux-home");
        String[] lines = out.split("\n");
        return lines[lines.length - 1].trim();
    }

    /** Runs scripts/stack.sh with these arguments; answers what it printed. */
    private static String stackScript(String... arguments) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("bash", "scripts/stack.sh"));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("scripts/stack.sh " + String.join(" ", arguments) + " failed; run `make stack-up`");
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
