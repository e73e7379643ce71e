package org.agencyverify.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A Redis connection of the test's own (not the service's client): what another replica, or an operator,
 * would send. Answers the first line of each reply, enough for SET, PUBLISH and CLIENT KILL.
 */
public final class RawRedis implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    private RawRedis(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Connects to the first host of {@code quarkus.redis.hosts} (redis://host:port). */
    public static RawRedis connect(String hosts) {
        URI uri = URI.create(hosts.split(",")[0].strip());
        try {
            Socket socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
            socket.setSoTimeout(5000);
            return new RawRedis(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one command and answers the first line of its reply (e.g. "+OK", ":1"). */
    public String send(String... args) {
        StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        try {
            out.write(command.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
