package org.agencyverify.confirmation.email;

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
 * Failures on the approval page before the resource runs, mostly the sign-in itself: Keycloak
 * unreachable (a 503 page), a sign-in that did not complete (401). HTML for people, like the page.
 */
@ApplicationScoped
public class ApprovalHttpFailures implements HtmlPages {

    private static final String PREFIX = "/approve/";

    @Override
    public boolean serves(String path) {
        return path != null && path.startsWith(PREFIX);
    }

    @Override
    public void answer(RoutingContext context, int status, Throwable failure) {
        Response page;
        if (failure != null && (Causes.find(failure, OIDCException.class) != null || Causes.isUnavailableDependency(failure))) {
            Log.warnf("Approval page: the sign-in could not reach Keycloak (%s)", failure.getClass().getSimpleName());
            page = ApprovalPages.unavailable();
        } else if (status == 401 || Causes.find(failure, AuthenticationFailedException.class) != null) {
            page = ApprovalPages.signInFailed();
        } else if (status >= 400 && status < 500) {
            page = ApprovalPages.unusable(status);
        } else {
            page = ApprovalPages.failed();
        }
        HttpServerResponse response = context.response().setStatusCode(page.getStatus());
        ApprovalPages.HEADERS.forEach(response::putHeader);
        response.putHeader("Content-Type", "text/html;charset=UTF-8").end((String) page.getEntity());
    }
}
