package org.agencyverify.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A Redis of the test class's own, on a spare port, and the stack's Keycloak behind a relay of its own
 * ({@link TcpRelay}), so the test can stop Redis and take Keycloak away from its service without
 * touching what the machine's other users see. A cut relay is, for the service, Keycloak gone: new
 * connections refused, open ones reset. (Booting a Keycloak per test class cost minutes of CPU.)
 */
public class OwnServers implements QuarkusTestResourceLifecycleManager {

    /**
     * The profile of the tests that stop Redis or take Keycloak away: one class, so they share one
     * Quarkus start (each profile costs a Quarkus build and start).
     */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnServers.class));
        }
    }

    private static final String STACK_KEYCLOAK = "http://127.0.0.1:8180";

    private static ServerProcess redis;
    private static TcpRelay keycloak;
    private static int redisPort;

    @Override
    public Map<String, String> start() {
        redisPort = Ports.free();
        redis = new ServerProcess("redis-" + redisPort, List.of("redis-server", "--port", String.valueOf(redisPort),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"), Map.of());
        URI stack = URI.create(ConfigProvider.getConfig().getOptionalValue("agency-verify.keycloak.url", String.class)
                .orElse(STACK_KEYCLOAK));
        keycloak = new TcpRelay(Ports.free(), new InetSocketAddress(stack.getHost(), stack.getPort()));
        startRedis();
        restoreKeycloak();
        return Map.of(
                "quarkus.redis.hosts", "redis://127.0.0.1:" + redisPort,
                "agency-verify.keycloak.url", "http://127.0.0.1:" + keycloak.port());
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.stop();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    public static void startRedis() {
        redis.start(Duration.ofSeconds(20), OwnServers::redisAnswers);
    }

    public static void stopRedis() {
        redis.stop();
    }

    /** Keycloak reachable again, at the same address. */
    public static void restoreKeycloak() {
        keycloak.open();
    }

    /** Keycloak gone, for this service only. */
    public static void cutKeycloak() {
        keycloak.cut();
    }

    private static boolean redisAnswers() {
        return redisAnswers(redisPort);
    }

    /** Whether a Redis answers PING on this loopback port. */
    public static boolean redisAnswers(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[7];
            int read = socket.getInputStream().read(answer);
            return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
