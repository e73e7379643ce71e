package org.agencyverify.common.net;

import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.agencyverify.common.outbox.DeliveryFailed;

/**
 * The one client for calls to URLs that a party registered (contact webhooks, risk and contact-change
 * notices over webhook, portal security events). Per call it resolves the host once, checks every
 * address with the outbound policy, and connects to one checked address (Vert.x {@code setServer}),
 * keeping the URL's host for the Host header, TLS SNI and certificate hostname verification: a name that
 * answers differently the next time (DNS rebinding) is never asked again. It never follows a redirect (a
 * 3xx is a failed delivery), keeps no connection, and bounds connecting, waiting and the whole call by the
 * caller's timeout. Blocking: for worker threads (the outbox), never an event loop.
 *
 * <p>TLS trusts the JVM's CAs, or only the trust store of the Quarkus TLS configuration named
 * {@value #TLS_CONFIGURATION} when there is one ({@code quarkus.tls.outbound.trust-store.*}).
 */
@ApplicationScoped
public class OutboundHttp {

    /** Name of the optional Quarkus TLS configuration for outbound calls. */
    public static final String TLS_CONFIGURATION = "outbound";

    private final OutboundUrls urls;
    private final HttpClient client;

    OutboundHttp(Vertx vertx, OutboundUrls urls, TlsConfigurationRegistry tls) {
        this.urls = urls;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(false)
                .setVerifyHost(true)
                // SNI comes from the URL's host (the JDK sets it for a DNS name, never for an IP literal,
                // as RFC 6066 wants); forcing it would send IP literals too, and break on IPv6 ones.
                .setForceSni(false)
                .setMaxRedirects(0)
                .setTryUseCompression(false);
        tls.get(TLS_CONFIGURATION).ifPresent(configuration -> {
            if (configuration.isTrustAll()) {
                throw new IllegalStateException("quarkus.tls." + TLS_CONFIGURATION + " must not trust all certificates");
            }
            if (configuration.getTrustStoreOptions() != null) {
                options.setTrustOptions(configuration.getTrustStoreOptions());
            }
        });
        this.client = vertx.createHttpClient(options);
    }

    /**
     * POSTs {@code body} to {@code url}; returns on a 2xx. Anything else is a {@link DeliveryFailed} whose
     * reason starts with {@code label} (e.g. {@code webhook: HTTP 302}, {@code webhook: url no longer safe}).
     */
    public void post(String label, String url, Map<String, String> headers, String body, Duration timeout) throws DeliveryFailed {
        OutboundUrlPolicy.Target target = urls.target(url)
                .orElseThrow(() -> new DeliveryFailed(label + ": url no longer safe"));
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(checked(target), target.port())))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Host", target.hostHeader());
        headers.forEach(request::putHeader);
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        CompletableFuture<Integer> status = client.request(request)
                .compose(r -> {
                    sent.set(r);
                    return r.send(Buffer.buffer(body));
                })
                .map(OutboundHttp::statusOf)
                .toCompletionStage().toCompletableFuture();
        int code;
        try {
            code = status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (sent.get() != null) {
                sent.get().reset();
            }
            throw new DeliveryFailed(label + ": timeout");
        } catch (ExecutionException e) {
            throw new DeliveryFailed(label + ": " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailed(label + ": interrupted");
        }
        if (code / 100 != 2) {
            throw new DeliveryFailed(label + ": HTTP " + code);
        }
    }

    /**
     * The status is the answer; the body is not read (it may be endless), the connection not kept. Cutting
     * the body short is meant: without a handler Vert.x logs it as an ERROR.
     */
    static int statusOf(HttpClientResponse response) {
        try {
            response.exceptionHandler(cutShort -> { });
        } catch (IllegalStateException ended) {
            // The whole answer (a 204, or a short body with its head) arrived before this ran: nothing is cut
            // short. Vert.x refuses a handler on an ended response; this is still a delivery, not a failure
            // (counted as one, the outbox sent the same request again).
        }
        response.request().connection().close();
        return response.statusCode();
    }

    /** The first checked address, as a bare address: nothing downstream may look the name up again. */
    private static InetAddress checked(OutboundUrlPolicy.Target target) {
        try {
            return InetAddress.getByAddress(target.addresses().get(0).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
