package org.agencyverify.risk;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where a verification start came from. The one place that reads it, so proxy-aware handling (a
 * trusted X-Forwarded-For) can replace it without touching the risk rules.
 */
@ApplicationScoped
public class RequestSource {

    /** The caller's IP address as the connection shows it; "unknown" when there is none. */
    public String address(HttpServerRequest request) {
        SocketAddress remote = request == null ? null : request.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}
