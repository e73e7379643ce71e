package org.agencyverify.common.ratelimit;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The caller's IP address for per-IP limits: the TCP peer, unless {@code quarkus.http.proxy.*} trusts
 * the proxy in front of us, in which case Quarkus has already put the forwarded client address there.
 * X-Forwarded-For is never read here: a header any client can write cannot decide whose bucket it is.
 * IPv6 callers are counted per /64, the block one subscriber usually gets.
 */
@ApplicationScoped
public class ClientAddress {

    private final CurrentVertxRequest request;

    ClientAddress(CurrentVertxRequest request) {
        this.request = request;
    }

    public String current() {
        RoutingContext context = request.getCurrent();
        SocketAddress remote = context == null ? null : context.request().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : bucket(remote.hostAddress());
    }

    static String bucket(String address) {
        // A literal address is parsed without any lookup; anything else counts under itself.
        return Requesters.bucket(address).orElse(address);
    }
}
