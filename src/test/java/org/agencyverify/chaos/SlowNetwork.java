package org.agencyverify.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A network namespace joined to the host by a veth pair, for one replica: everything that replica
 * says to PostgreSQL, Redis, Keycloak and the agency's system crosses the pair, and {@code tc netem}
 * on both ends makes it slow without touching the machine's loopback (so never its shared servers).
 * Kernels without the netem scheduler (this machine's: "Specified qdisc kind is unknown") get a token
 * bucket instead: a thin link whose queue adds the latency.
 * Needs root ({@code ip netns}); {@link #available()} says whether this machine allows it.
 */
final class SlowNetwork implements AutoCloseable {

    /** The host's end: the run's servers listen here too. A /30 of its own, unlikely to meet a real route. */
    static final String HOST_ADDRESS = "10.251.77.1";
    static final String NAMESPACE_ADDRESS = "10.251.77.2";
    /** Delay and jitter each way while the fault lasts. */
    private static final List<String> NETEM = List.of("netem", "delay", "150ms", "50ms");
    /** Where netem is missing: 256 kbit/s each way, up to 500 ms in the queue. */
    private static final List<String> TOKEN_BUCKET = List.of("tbf", "rate", "256kbit", "burst", "16kb", "latency", "500ms");

    private final String name = "agv-chaos-" + ProcessHandle.current().pid();
    private final String hostEnd = "agvh" + ProcessHandle.current().pid() % 100000;
    private final String namespaceEnd = "agvn" + ProcessHandle.current().pid() % 100000;
    private boolean created;

    /** Whether this machine lets us make a namespace (root, iproute2 and tc present). */
    static boolean available() {
        try {
            Process probe = new ProcessBuilder("sh", "-c", "command -v tc >/dev/null && ip netns add agv-probe-$$ && ip netns del agv-probe-$$")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A namespace made and joined to the host, or none left behind when that fails. */
    static SlowNetwork open() {
        SlowNetwork network = new SlowNetwork();
        try {
            network.create();
            return network;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    private void create() {
        run("ip", "netns", "add", name);
        created = true;
        run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", namespaceEnd);
        run("ip", "link", "set", namespaceEnd, "netns", name);
        run("ip", "addr", "add", HOST_ADDRESS + "/30", "dev", hostEnd);
        run("ip", "link", "set", hostEnd, "up");
        inside("ip", "addr", "add", NAMESPACE_ADDRESS + "/30", "dev", namespaceEnd);
        inside("ip", "link", "set", namespaceEnd, "up");
        inside("ip", "link", "set", "lo", "up");
    }

    /** The command, run inside the namespace ({@code ip netns exec} execs it: the pid stays the command's own). */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", name));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Slows both ends; answers how. */
    String slow() {
        List<String> discipline = NETEM;
        try {
            run(qdisc(hostEnd, NETEM));
        } catch (IllegalStateException noNetem) {
            discipline = TOKEN_BUCKET;
            run(qdisc(hostEnd, TOKEN_BUCKET));
        }
        inside(qdisc(namespaceEnd, discipline));
        return "tc " + String.join(" ", discipline) + " each way on a veth pair into a network namespace (one replica)";
    }

    private static String[] qdisc(String device, List<String> discipline) {
        List<String> command = new ArrayList<>(List.of("tc", "qdisc", "add", "dev", device, "root"));
        command.addAll(discipline);
        return command.toArray(String[]::new);
    }

    void fast() {
        run("tc", "qdisc", "del", "dev", hostEnd, "root");
        inside("tc", "qdisc", "del", "dev", namespaceEnd, "root");
    }

    private void inside(String... command) {
        run(wrap(List.of(command)).toArray(String[]::new));
    }

    private static void run(String... command) {
        ChaosStack.Scripts.run(Map.of(), command);
    }

    /** Deleting the namespace deletes the veth pair with it. */
    @Override
    public void close() {
        if (created) {
            try {
                run("ip", "netns", "del", name);
            } catch (RuntimeException e) {
                // Already gone.
            }
            created = false;
        }
    }
}
