package org.agencyverify.contact;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;

/** A real HTTP (or HTTPS) server on a loopback port that records the webhooks it receives. */
public final class WebhookReceiver implements AutoCloseable {

    /** One request; {@code serverName} is the TLS SNI the client sent (null over plain http or without SNI). */
    public record Received(String path, Map<String, String> headers, String body, String serverName) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);
    private final AtomicReference<String> location = new AtomicReference<>();

    /** On a spare port of 127.0.0.1. */
    public WebhookReceiver() {
        this(create("127.0.0.1", 0));
    }

    /** On this address and port (another loopback address, a port shared with a receiver elsewhere). */
    public WebhookReceiver(String address, int port) {
        this(create(address, port));
    }

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    /** HTTPS with the key and certificate in a PKCS#12 key store. */
    public static WebhookReceiver https(String address, int port, Path keyStore, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, password);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(address, port), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new WebhookReceiver(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer create(String address, int port) {
        try {
            return HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        String serverName = null;
        if (exchange instanceof HttpsExchange tls && tls.getSSLSession() instanceof ExtendedSSLSession session) {
            serverName = session.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
                    .map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse(null);
        }
        received.add(new Received(exchange.getRequestURI().getPath(), headers, body, serverName));
        if (location.get() != null) {
            exchange.getResponseHeaders().add("Location", location.get());
        }
        exchange.sendResponseHeaders(status.get(), -1);
        exchange.close();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What the receiver answers from now on. */
    public void answer(int httpStatus) {
        status.set(httpStatus);
    }

    /** Answers 302 with this Location from now on. */
    public void redirectTo(String url) {
        location.set(url);
        status.set(302);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Everything received, whatever the path. */
    public List<Received> all() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
