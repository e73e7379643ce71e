package org.agencyverify.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.agencyverify.common.request.RequestId;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problems for errors that the HTTP layer raises before any resource runs: no route for the path,
 * a method the route does not take, a body over the size limit. Without this, Vert.x would answer
 * them with an HTML page or an empty body.
 */
@ApplicationScoped
public class HttpLayerProblems {

    private static final int[] ROUTER_STATUSES = {400, 404, 405, 406, 413, 415, 500, 503};
    /** After the request id filter, before Quarkus' own body limit route, which answers with no body. */
    private static final int BODY_LIMIT_PRIORITY = 90_000;
    private static final String READ_ONLY_PREFIX = "/q/";

    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final List<HtmlPages> pages;
    private final List<ErrorFormat> formats;

    HttpLayerProblems(ObjectMapper json, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            @All List<HtmlPages> pages, @All List<ErrorFormat> formats) {
        this.json = json;
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.pages = pages;
        this.formats = formats;
    }

    void registerFilters(@Observes Filters filters) {
        filters.register(this::refuseDeclaredOversizedBody, BODY_LIMIT_PRIORITY);
        filters.register(this::refuseWritesToReadOnlyPaths, BODY_LIMIT_PRIORITY);
    }

    void register(@Observes Router router) {
        for (int status : ROUTER_STATUSES) {
            router.errorHandler(status, context -> write(context, status));
        }
        // Ahead of Quarkus' own failure handler, which would otherwise answer with its own format.
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.failure() instanceof AuthenticationRedirectException) {
                // Not an error: the sign-in of a web page (authorization code flow) redirecting; Quarkus answers it.
                context.next();
                return;
            }
            if (context.response().headWritten()) {
                // Already answered (e.g. Quarkus' own 413 on a streamed body): nothing left to report.
                write(context, context.response().getStatusCode());
                return;
            }
            int status = context.statusCode() > 0 ? context.statusCode() : 500;
            if (status >= 500 && context.failure() != null) {
                Log.errorf(context.failure(), "HTTP layer failure on %s", context.normalizedPath());
            }
            write(context, status);
        });
    }

    /**
     * Same rule as Quarkus' limit on a declared Content-Length, answered as a problem. Chunked bodies
     * have no declared length; Quarkus stops reading them at the limit and fails the request with
     * 413, which the failure handler above turns into a problem.
     */
    private void refuseDeclaredOversizedBody(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declaredLength(declared) > maxBodyBytes) {
            // The unread body would be taken for the next request on this connection: close it.
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            context.response().endHandler(ignored -> context.request().connection().close());
            write(context, 413);
            return;
        }
        context.next();
    }

    /** Health, metrics and the OpenAPI document only answer reads; Quarkus would take any method. */
    private void refuseWritesToReadOnlyPaths(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (context.normalizedPath().startsWith(READ_ONLY_PREFIX) && method != HttpMethod.GET && method != HttpMethod.HEAD) {
            context.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            write(context, 405);
            return;
        }
        context.next();
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void write(RoutingContext context, int status) {
        HttpServerResponse response = context.response();
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        for (HtmlPages page : pages) {
            if (page.serves(context.normalizedPath())) {
                page.answer(context, status, context.failure());
                return;
            }
        }
        ProblemType type = ProblemType.forStatus(status);
        Problem problem = Problem.of(type, type.defaultDetail(), context.normalizedPath(), requestId(context), List.of());
        String mediaType = Problem.MEDIA_TYPE;
        Object body = problem;
        for (ErrorFormat format : formats) {
            if (format.serves(context.normalizedPath())) {
                ErrorFormat.Formatted formatted = format.format(problem, null);
                mediaType = formatted.mediaType();
                body = formatted.body();
                break;
            }
        }
        try {
            response.setStatusCode(type.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, mediaType)
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            response.setStatusCode(500).end();
        }
    }

    private static String requestId(RoutingContext context) {
        String id = context.get(RequestId.MDC_KEY);
        return id != null ? id : RequestId.current();
    }
}
