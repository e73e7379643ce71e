package org.agencyverify.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real DNS server over UDP on a spare loopback port whose A answers follow a script: the n-th A query
 * for a name gets whatever address the script gives for n, with TTL 0, so a test can make a name
 * answer one address to the first lookup and another to the next (DNS rebinding). AAAA and other types
 * get an empty answer; names without a script are NXDOMAIN.
 */
public final class ScriptedDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, IntFunction<String>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> aQueries = new ConcurrentHashMap<>();
    private final Thread thread;

    public ScriptedDns() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "scripted-dns-" + port());
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The n-th A query (from 1) for {@code name} answers {@code script.apply(n)}, an IPv4 literal. */
    public void script(String name, IntFunction<String> script) {
        scripts.put(key(name), script);
    }

    /** Always the same address. */
    public void always(String name, String ipv4) {
        script(name, n -> ipv4);
    }

    /** How many A queries {@code name} got so far. */
    public int aQueries(String name) {
        return aQueries.getOrDefault(key(name), new AtomicInteger()).get();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] answer = answer(packet.getData(), packet.getLength());
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    /** The response to one query (header, the question echoed, at most one A record); null for what is not a query. */
    private byte[] answer(byte[] query, int length) {
        if (length < 12 || (query[2] & 0x80) != 0) {
            return null;
        }
        int at = 12;
        StringBuilder name = new StringBuilder();
        while (query[at] != 0) {
            int label = query[at] & 0xFF;
            name.append(name.length() == 0 ? "" : ".").append(new String(query, at + 1, label, java.nio.charset.StandardCharsets.US_ASCII));
            at += label + 1;
        }
        int questionEnd = at + 5;
        int type = ((query[at + 1] & 0xFF) << 8) | (query[at + 2] & 0xFF);
        IntFunction<String> script = scripts.get(key(name.toString()));
        String address = null;
        if (script != null && type == 1) {
            int n = aQueries.computeIfAbsent(key(name.toString()), k -> new AtomicInteger()).incrementAndGet();
            address = script.apply(n);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]);
        out.write(query[1]);
        out.write(0x84 | (query[2] & 0x01));               // response, authoritative, recursion desired as asked
        out.write(script == null ? 0x03 : 0x00);            // NXDOMAIN for a name without a script
        out.writeBytes(new byte[] {0, 1, 0, (byte) (address == null ? 0 : 1), 0, 0, 0, 0});
        out.write(query, 12, questionEnd - 12);
        if (address != null) {
            out.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4});   // name pointer, A, IN, TTL 0, 4 bytes
            try {
                out.writeBytes(InetAddress.getByName(address).getAddress());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(address, e);
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }

    /** For tests that want the answers as a list: the n-th query gets the n-th, the last one after that. */
    public static IntFunction<String> sequence(List<String> answers) {
        return n -> answers.get(Math.min(n, answers.size()) - 1);
    }
}
