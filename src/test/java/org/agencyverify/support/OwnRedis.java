package org.agencyverify.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A Redis of one test class's own, on a spare port, that the test may stop, start and flush. */
public class OwnRedis implements QuarkusTestResourceLifecycleManager {

    /** The profile of the tests that stop or pause Redis: one class, so they share one Quarkus start. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnRedis.class));
        }
    }

    private static ServerProcess redis;
    private static int port;

    @Override
    public Map<String, String> start() {
        port = Ports.free();
        redis = new ServerProcess("redis-" + port, List.of("redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"), Map.of());
        startRedis();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.stop();
        }
    }

    public static void startRedis() {
        redis.start(Duration.ofSeconds(20), () -> answers(port));
    }

    public static void stopRedis() {
        redis.stop();
    }

    /** Whether a Redis answers PING on this loopback port. */
    public static boolean answers(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
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
