package org.agencyverify.common.ratelimit;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The caller's IP address: the TCP peer, unless {@code quarkus.http.proxy.*} trusts the proxy in front
 * of us, in which case Quarkus has already put the forwarded client address there. X-Forwarded-For is
 * never read here: a header any client can write cannot decide whose bucket it is. For per-IP limits,
 * IPv6 callers are counted per /64, the block one subscriber usually gets.
 */
@ApplicationScoped
public class ClientAddress {

    private final CurrentVertxRequest request;

    ClientAddress(CurrentVertxRequest request) {
        this.request = request;
    }

    /** The current caller's bucket for per-IP limits. */
    public String current() {
        RoutingContext context = request.getCurrent();
        return bucket(peer(context == null ? null : context.request()));
    }

    /**
     * The caller's address as it is, no bucket: risk derives a verification start's network from it with
     * prefixes of its own. "unknown" when there is none.
     */
    public static String peer(HttpServerRequest request) {
        SocketAddress remote = request == null ? null : request.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    static String bucket(String address) {
        // A literal address is parsed without any lookup; anything else ("unknown") counts under itself.
        return Requesters.bucket(address).orElse(address);
    }
}
