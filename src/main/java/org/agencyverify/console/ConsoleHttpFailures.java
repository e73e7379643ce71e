package org.agencyverify.console;

import io.quarkus.logging.Log;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.agencyverify.common.error.Causes;
import org.agencyverify.common.error.HtmlPages;

/**
 * Failures on console paths before a page runs, mostly the sign-in itself (Keycloak unreachable, a
 * sign-in that did not complete): a console page, never the API's problem document.
 */
@ApplicationScoped
public class ConsoleHttpFailures implements HtmlPages {

    @Override
    public boolean serves(String path) {
        return path != null && (path.equals("/console") || path.startsWith("/console/"));
    }

    @Override
    public void answer(RoutingContext context, int status, Throwable failure) {
        Response page;
        OIDCException oidc = failure == null ? null : Causes.find(failure, OIDCException.class);
        if (oidc != null && String.valueOf(oidc.getMessage()).contains("\"invalid_grant\"")) {
            // Keycloak is up and refused the grant: the session's refresh token of a session it ended (or a spent code).
            page = ConsolePages.sessionEnded();
        } else if (oidc != null || (failure != null && Causes.isUnavailableDependency(failure))) {
            Log.warnf("Console: the sign-in could not reach Keycloak (%s)", failure.getClass().getSimpleName());
            page = ConsolePages.unavailable();
        } else if (status == 401 || Causes.find(failure, AuthenticationFailedException.class) != null) {
            page = ConsolePages.problem(401, "The sign-in did not complete",
                    "Nothing was shown or changed. Open the console again and sign in with your password and one-time code.");
        } else if (status == 403) {
            page = ConsolePages.forbidden();
        } else if (status == 404 || status == 405) {
            page = ConsolePages.notFound();
        } else if (status >= 400 && status < 500) {
            page = ConsolePages.problem(status, "This page cannot be used like this", "Nothing was changed.");
        } else {
            page = ConsolePages.failed();
        }
        HttpServerResponse response = context.response().setStatusCode(page.getStatus());
        ConsolePages.HEADERS.forEach(response::putHeader);
        response.putHeader("Content-Type", "text/html;charset=UTF-8").end((String) page.getEntity());
    }
}
