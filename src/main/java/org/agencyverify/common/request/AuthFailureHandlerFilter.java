package org.agencyverify.common.request;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.Constructor;

/**
 * Installs Quarkus REST's handler of authentication failures without Quarkus REST's per-request search for the
 * request's path template.
 * <p>
 * With Micrometer present, Quarkus REST 3.34.1 runs a filter right after authentication (priority 199) that,
 * on every request, builds a request mapper of every resource class to find the path template the HTTP
 * metrics would count a refused request under, then installs its own failure handler
 * ({@code ResteasyReactiveRecorder.FailingDefaultAuthFailureHandler}, which Quarkus REST recognizes by its
 * class, so no other handler can stand in for it). Building the mapper was 18% of the CPU of the cheapest
 * request and 12% of an introspection (JFR under {@code make bench}). The template is found anyway when a
 * request does fail: that handler fails the request, and Quarkus REST's pre-authentication failure handler
 * then sets the template for every authentication, authorization or forbidden failure.
 * <p>
 * This filter runs between the two (the authentication filter's priority; runtime filters come after
 * build-time ones of the same priority) and installs that same handler; Quarkus REST's filter then finds no
 * default handler and does nothing. Should the class be gone in another Quarkus version, nothing is installed
 * and Quarkus behaves as it does without this filter.
 */
@ApplicationScoped
public class AuthFailureHandlerFilter {

    /** Where Quarkus keeps the handler of this request's authentication failures. */
    static final String AUTH_FAILURE_HANDLER = "io.quarkus.vertx.http.auth-failure-handler";
    static final String REST_HANDLER_CLASS = "io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder$FailingDefaultAuthFailureHandler";

    /** Quarkus' authentication filter's priority. */
    private static final int AFTER_AUTHENTICATION = 200;

    void register(@Observes Filters filters) {
        Object restHandler = restHandler();
        if (restHandler != null) {
            filters.register(context -> install(context, restHandler), AFTER_AUTHENTICATION);
        }
    }

    private static void install(RoutingContext context, Object restHandler) {
        if (context.get(AUTH_FAILURE_HANDLER) instanceof DefaultAuthFailureHandler) {
            context.put(AUTH_FAILURE_HANDLER, restHandler);
        }
        context.next();
    }

    /** One instance serves every request: the handler holds no state. */
    static Object restHandler() {
        try {
            Constructor<?> constructor = Class.forName(REST_HANDLER_CLASS).getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.infof("Quarkus REST's authentication failure handler not found (%s): its own filter installs it", e.getClass().getSimpleName());
            return null;
        }
    }
}
