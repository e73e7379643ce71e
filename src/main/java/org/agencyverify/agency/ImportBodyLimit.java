package org.agencyverify.agency;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * Gives the .gov import uploads (POST /v1/agencies/import, and the console's upload form, which
 * posts the same file as multipart) their own body limit while every other path keeps the small
 * global one ({@code quarkus.http.limits.max-body-size}). Quarkus has no per-route limit: it refuses a
 * declared Content-Length over the global limit, and for bodies without one it stores the limit in
 * the routing context, where the REST layer's input stream reads it. So, for this path only:
 * <ul>
 * <li>a declared length over the import limit is left alone, and the global checks refuse it (413
 * problem);</li>
 * <li>a declared length within the import limit is taken off the request headers before the global
 * checks (the body is still framed by the connection, which read the header already);</li>
 * <li>after Quarkus stored its limit, the import limit replaces it, so the stream stops at it.</li>
 * </ul>
 */
@ApplicationScoped
public class ImportBodyLimit {

    /** Quarkus' key for the limit its REST input stream enforces (VertxInputStream.MAX_REQUEST_SIZE_KEY). */
    static final String MAX_REQUEST_SIZE_KEY = "io.quarkus.max-request-size";
    /** The paths that take an import: the API's, and the console page's upload (named here, since console sits above agency). */
    static final Set<String> PATHS = Set.of(ImportResource.PATH, "/console/operator/import");
    private static final String MARK = ImportBodyLimit.class.getName();
    /** Before the global body checks (HttpLayerProblems runs at 90 000). */
    private static final int BEFORE_GLOBAL_CHECKS = 95_000;
    /** After Quarkus' own limit route (order -2); filters run at order -priority. */
    private static final int AFTER_QUARKUS_LIMIT = 1;

    private final long limit;

    ImportBodyLimit(AgencyConfig config) {
        this.limit = config.importing().maxBodySize().asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(this::allowDeclaredImportBody, BEFORE_GLOBAL_CHECKS);
        filters.register(this::limitStreamedImportBody, AFTER_QUARKUS_LIMIT);
    }

    private void allowDeclaredImportBody(RoutingContext context) {
        if (context.request().method() == HttpMethod.POST && PATHS.contains(context.normalizedPath())) {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared == null || withinLimit(declared)) {
                context.request().headers().remove(HttpHeaders.CONTENT_LENGTH);
                context.put(MARK, Boolean.TRUE);
            }
        }
        context.next();
    }

    private void limitStreamedImportBody(RoutingContext context) {
        if (Boolean.TRUE.equals(context.get(MARK))) {
            context.put(MAX_REQUEST_SIZE_KEY, limit);
        }
        context.next();
    }

    private boolean withinLimit(String declared) {
        try {
            return Long.parseLong(declared.trim()) <= limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
