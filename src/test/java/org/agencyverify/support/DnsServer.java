package org.agencyverify.support;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real DNS server for tests: Debian's dnsmasq on a spare loopback port, authoritative for the
 * {@code test} zone (unknown names there are NXDOMAIN, nothing is forwarded). dnsmasq reads TXT
 * records only at start, so changing them restarts it on the same port.
 */
public final class DnsServer implements AutoCloseable {

    public static final String ZONE = "test";
    /** Debian's dnsmasq-base puts it in /usr/sbin, which a non-root PATH may lack. */
    private static final String BINARY = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/dnsmasq"))
            ? "/usr/sbin/dnsmasq" : "dnsmasq";

    private final int port = Ports.free();
    private final Map<String, List<String>> records = new LinkedHashMap<>();
    private ServerProcess process;

    public int port() {
        return port;
    }

    public synchronized void start() {
        restart();
    }

    /** Publishes a TXT value (in addition to what the name already has). */
    public synchronized void publish(String name, String value) {
        records.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        restart();
    }

    /** Removes every TXT value of a name. */
    public synchronized void remove(String name) {
        records.remove(name);
        restart();
    }

    private void restart() {
        if (process != null) {
            process.stop();
        }
        List<String> command = new ArrayList<>(List.of(BINARY, "--no-daemon", "--no-resolv", "--no-hosts",
                "--conf-file=/dev/null", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--local=/" + ZONE + "/", "--pid-file=", "--user=" + System.getProperty("user.name")));
        records.forEach((name, values) -> values.forEach(value -> command.add("--txt-record=" + name + "," + value)));
        process = new ServerProcess("dnsmasq-" + port, command, Map.of());
        process.start(Duration.ofSeconds(10), this::answers);
    }

    /** True once the server answers a query (any answer). */
    private boolean answers() {
        byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 5, 'p', 'r', 'o', 'b', 'e', 4, 't', 'e', 's', 't', 0, 0, 16, 0, 1};
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            socket.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), port));
            socket.receive(new DatagramPacket(new byte[512], 512));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }
}
