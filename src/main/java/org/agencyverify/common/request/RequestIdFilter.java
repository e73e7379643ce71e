package org.agencyverify.common.request;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Gives every HTTP exchange a request id, before any other handler runs, so that errors raised by
 * the HTTP layer itself (unknown path, body too large) carry one as well as our own responses.
 */
@ApplicationScoped
public class RequestIdFilter {

    /** Runs before Quarkus' own filters (CORS, auth), which use priorities well below this. */
    private static final int PRIORITY = 100_000;

    void register(@Observes Filters filters) {
        filters.register(this::assign, PRIORITY);
    }

    private void assign(RoutingContext context) {
        String id = RequestId.acceptOrGenerate(context.request().getHeader(RequestId.HEADER));
        context.put(RequestId.MDC_KEY, id);
        // Quarkus keeps MDC in the request's duplicated Vert.x context, so it follows the request to worker threads.
        MDC.put(RequestId.MDC_KEY, id);
        context.response().putHeader(RequestId.HEADER, id);
        context.next();
    }
}
