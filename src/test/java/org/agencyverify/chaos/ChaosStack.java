package org.agencyverify.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agencyverify.support.OwnServers;
import org.agencyverify.support.Ports;
import org.agencyverify.support.ServerProcess;

/**
 * The servers of one chaos run, all its own and on spare ports: PostgreSQL, Redis, Keycloak (a copy of
 * the stack's second distribution with an H2 file, so a restart keeps the realm) and two replicas of
 * the packaged jar. The machine's shared servers are never touched.
 */
final class ChaosStack implements AutoCloseable {

    static final String REALM = "agency-verify";
    /** The replica that runs in the network namespace, when there is one. */
    static final int SLOWED = 1;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path WORK = Path.of("target", "chaos").toAbsolutePath();

    final OwnPostgres postgres;
    private final SlowNetwork network;
    /** Where the replicas reach the servers: loopback, or the host's end of the veth pair when one replica is slowed. */
    private final String serverHost;
    private final int redisPort = Ports.free();
    private final int keycloakPort = Ports.free();
    private final int keycloakManagementPort = Ports.free();
    private final int dnsPort = Ports.free();
    private final List<Integer> replicaPorts = List.of(Ports.free(), Ports.free());
    private final List<ServerProcess> replicas = new ArrayList<>();
    private ServerProcess redis;
    private ServerProcess keycloak;

    /** {@code network}: null, or a namespace the second replica runs in (its traffic can be slowed). */
    ChaosStack(SlowNetwork network) {
        this.network = network;
        this.serverHost = network == null ? "127.0.0.1" : SlowNetwork.HOST_ADDRESS;
        this.postgres = new OwnPostgres(WORK.resolve("pg"), network == null ? "127.0.0.1" : "127.0.0.1," + serverHost);
    }

    void start(int receiverPort) {
        postgres.init();
        // Protected mode would refuse the namespace's replica: the veth's /30 reaches nothing but the run's namespace.
        redis = new ServerProcess("chaos-redis-" + redisPort, List.of("redis-server", "--port", String.valueOf(redisPort),
                "--bind", network == null ? "127.0.0.1" : "127.0.0.1 " + serverHost, "--protected-mode", network == null ? "yes" : "no",
                "--save", "", "--appendonly", "no"), Map.of());
        startRedis();
        keycloak = new ServerProcess("chaos-keycloak-" + keycloakPort, List.of(keycloakHome() + "/bin/kc.sh", "start-dev",
                "--http-host=" + serverHost, "--http-port=" + keycloakPort, "--http-management-port=" + keycloakManagementPort,
                "--db=dev-file", "--import-realm"),
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", System.getenv().getOrDefault("KEYCLOAK_ADMIN_USER", "admin"),
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", System.getenv().getOrDefault("KEYCLOAK_ADMIN_PASSWORD", "admin")));
        startKeycloak();
        // This machine's client secrets and local operators, as scripts/stack.sh adds them to its own Keycloak.
        Scripts.run(Map.of(), "bash", "scripts/stack.sh", "apply-local", keycloakUrl());
        for (int i = 0; i < replicaPorts.size(); i++) {
            replicas.add(replica(i, replicaPorts.get(i), receiverPort));
            startReplica(i);
        }
    }

    private ServerProcess replica(int index, int port, int receiverPort) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the service first (mvn package)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                // The test profile: its fixed local keys and high rate limits, so the load measures faults, not limits.
                "-Dquarkus.profile=test",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.flyway.clean-at-start=false",
                "-Dquarkus.log.file.enabled=false",
                "-Dquarkus.datasource.jdbc.url=" + postgres.jdbcUrl(serverHost),
                "-Dquarkus.redis.hosts=redis://" + serverHost + ":" + redisPort,
                "-Dagency-verify.keycloak.url=" + keycloakUrl(),
                "-Dagency-verify.public-url=" + replicaUrl(index),
                // The agency's system listens where both replicas reach it.
                "-Dagency-verify.outbound.allowed-internal-addresses=127.0.0.1,::1," + serverHost,
                "-Dagency-verify.agencies.domains.resolver=127.0.0.1:" + dnsPort,
                // Mail contacts are notified through the mock mailer: the machine's SMTP server stays out of the run.
                "-Dquarkus.mailer.mock=true",
                // The agency's system may be away for a while: deliveries keep trying (every few seconds) instead of
                // giving up after the test profile's three attempts.
                "-Dagency-verify.outbox.retry-backoff=1S", "-Dagency-verify.outbox.max-backoff=5S",
                "-Dagency-verify.outbox.max-attempts=1000",
                "-Dagency-verify.verification.poll-interval=2S"));
        command.addAll(List.of("-jar", jar.toString()));
        return new ServerProcess("chaos-replica-" + port, index == SLOWED && network != null ? network.wrap(command) : command, Map.of());
    }

    void startRedis() {
        redis.start(Duration.ofSeconds(30), () -> OwnServers.redisAnswers(redisPort));
    }

    /** kill -9: Redis comes back empty (no persistence), as a pod without a volume. */
    void killRedis() {
        redis.kill();
    }

    void startKeycloak() {
        keycloak.start(Duration.ofSeconds(300), () -> status(keycloakUrl() + "/realms/" + REALM + "/.well-known/openid-configuration") == 200);
    }

    void stopKeycloak() {
        keycloak.stop();
    }

    void startReplica(int i) {
        replicas.get(i).start(Duration.ofSeconds(180), () -> status(replicaUrl(i) + "/q/health/ready") == 200);
    }

    void killReplica(int i) {
        replicas.get(i).kill();
    }

    boolean replicaAlive(int i) {
        return replicas.get(i).alive();
    }

    List<String> replicaUrls() {
        return java.util.stream.IntStream.range(0, replicaPorts.size()).mapToObj(this::replicaUrl).toList();
    }

    private String replicaUrl(int i) {
        String host = i == SLOWED && network != null ? SlowNetwork.NAMESPACE_ADDRESS : "127.0.0.1";
        return "http://" + host + ":" + replicaPorts.get(i);
    }

    /** Everyone (the replicas, the seed, the load) reaches Keycloak at one address: tokens name it as their issuer. */
    String keycloakUrl() {
        return "http://" + serverHost + ":" + keycloakPort;
    }

    /** Where the agency's system listens and its webhook URL points. */
    String serverHost() {
        return serverHost;
    }

    String issuer() {
        return keycloakUrl() + "/realms/" + REALM;
    }

    int dnsPort() {
        return dnsPort;
    }

    static Path work() {
        return WORK;
    }

    /** The chaos run's own copy of the stack's second Keycloak: its H2 file and build are the run's alone. */
    private static String keycloakHome() {
        String aux = Scripts.lastLine(Scripts.run(Map.of(), "bash", "scripts/stack.sh", "kc-aux-home"));
        Path copy = WORK.resolve("keycloak");
        if (!Files.exists(copy.resolve("bin").resolve("kc.sh"))) {
            Scripts.run(Map.of(), "cp", "-a", aux, copy.toString());
        }
        Scripts.run(Map.of(), "rm", "-rf", copy.resolve("data").resolve("h2").toString());
        return copy.toString();
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        replicas.forEach(ServerProcess::stop);
        if (keycloak != null) {
            keycloak.stop();
        }
        if (redis != null) {
            redis.stop();
        }
        postgres.close();
    }

    /** Helper for the scripts the run shares with `make run` and `make bench`. */
    static final class Scripts {
        private Scripts() {}

        static String run(Map<String, String> env, String... command) {
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
                Map<String, String> merged = new HashMap<>(builder.environment());
                merged.putAll(env);
                builder.environment().putAll(merged);
                Process process = builder.start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (process.waitFor() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed");
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        static String lastLine(String out) {
            String[] lines = out.split("\n");
            return lines[lines.length - 1].trim();
        }
    }
}
