package org.agencyverify.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay on a spare loopback port to a real server. Cutting it is, to whoever connects through it,
 * the server gone: new connections are refused and open ones are reset. Opening it again brings the
 * server back at the same address. Lets a test take a shared server (the stack's Keycloak) away from
 * its own service without stopping it for anyone else.
 */
public final class TcpRelay implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final int port;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-relay");
        thread.setDaemon(true);
        return thread;
    });
    private ServerSocket listener;

    public TcpRelay(int port, InetSocketAddress target) {
        this.port = port;
        this.target = target;
    }

    public int port() {
        return port;
    }

    /** Listens again on the relay's port (the port stays the same across cuts). */
    public synchronized void open() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            listener = socket;
            pumps.execute(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("relay could not listen on 127.0.0.1:" + port, e);
        }
    }

    /** Stops listening and resets every open connection. */
    public synchronized void cut() {
        if (listener == null) {
            return;
        }
        closeQuietly(listener);
        listener = null;
        for (Socket socket : sockets) {
            reset(socket);
        }
        sockets.clear();
    }

    @Override
    public void close() {
        cut();
        pumps.shutdownNow();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // cut
            }
            pumps.execute(() -> relay(socket, client));
        }
    }

    private void relay(ServerSocket acceptedBy, Socket client) {
        Socket server = new Socket();
        sockets.add(client);
        sockets.add(server);
        if (acceptedBy.isClosed()) { // accepted in the instant of a cut, which must not outlive it
            reset(client);
            closeQuietly(server);
            return;
        }
        try {
            server.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            reset(client);
            closeQuietly(server);
            return;
        }
        pumps.execute(() -> pump(server, client));
        pump(client, server);
    }

    /** Copies one direction until it ends, then closes both sockets (HTTP clients open a new connection). */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away, or the relay was cut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    /** Closes with linger 0: the peer sees a reset, as when the server's process dies. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to do
        }
    }
}
