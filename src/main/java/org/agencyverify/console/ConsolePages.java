package org.agencyverify.console;

import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Causes;
import org.agencyverify.common.error.ProblemType;

/**
 * The console's answers: HTML for people, with headers that keep every page out of caches, frames and
 * other sites' referrers, and a policy that runs no script at all and takes styles only from the
 * console's own stylesheet.
 */
final class ConsolePages {

    /** No script, no inline style, no framing, forms only to us; images (none yet) only from us. */
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    /** On every console answer, from a resource or from the HTTP layer. */
    static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "Content-Security-Policy", CSP,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance problem(String title, String message, boolean signInAgain);
    }

    private ConsolePages() {}

    static Response html(int status, TemplateInstance page) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.render());
        HEADERS.forEach(response::header);
        return response.build();
    }

    /** Post, redirect, get: the next page shows the outcome; reloading it repeats nothing. */
    static Response seeOther(URI location) {
        Response.ResponseBuilder response = Response.seeOther(location);
        HEADERS.forEach(response::header);
        return response.build();
    }

    static Response problem(int status, String title, String message) {
        return html(status, Templates.problem(title, message, false));
    }

    /** The sign-in is not strong or recent enough: nothing shown; one button signs in again. */
    static Response stepUp() {
        return html(401, Templates.problem("Sign in again with your second factor",
                "The console shows agency and operator data only after a recent sign-in with your password and the"
                        + " one-time code of your authenticator app. This sign-in was without a second factor, or is too old,"
                        + " so nothing is shown. Sign in again; if you are not asked for a one-time code, your account has no"
                        + " authenticator yet: ask your agency's administrator or an operator to have one set up.", true));
    }

    /** Keycloak refused to renew the session (it was signed out or ended there): nothing shown; one button signs in again. */
    static Response sessionEnded() {
        return html(401, Templates.problem("Your sign-in has ended",
                "Keycloak ended this session (you or an administrator signed out, or your account changed), so nothing was"
                        + " shown or changed. Sign in again with your password and one-time code.", true));
    }

    static Response forbidden() {
        return problem(403, "Not yours to see",
                "Your account may not see or change this. Agency admins see their own agency only; the operator pages are"
                        + " for operators. Nothing was changed.");
    }

    static Response staleForm() {
        return problem(403, "This form cannot be used",
                "The form did not come from this console for your current sign-in, so nothing was changed. Open the page"
                        + " again and use the form there.");
    }

    static Response notFound() {
        return problem(404, "Not found", "There is nothing at this address. Nothing was changed.");
    }

    static Response unavailable() {
        return problem(503, "Try again in a few minutes",
                "A server the console depends on is unavailable right now, so nothing was shown or changed.");
    }

    /** Over the admin API's per-caller limit, which the console shares (a person's pages and API calls count together). */
    static Response tooManyRequests(Long retryAfterSeconds) {
        long seconds = retryAfterSeconds == null ? 60 : retryAfterSeconds;
        Response page = problem(429, "Too many requests", "You opened pages or sent forms faster than the console allows."
                + " Wait " + seconds + " s, then open the page again. Nothing was changed.");
        return Response.fromResponse(page).header("Retry-After", seconds).build();
    }

    static Response failed() {
        return problem(500, "Something went wrong on our side",
                "The page could not be completed. Open it again to see whether your change was made.");
    }

    /**
     * A refusal from the services: their own words (written for the API's callers, never a library's
     * message) for a conflict or bad input, the 403 page for another agency, "try again" for a server down.
     */
    static Response failure(String page, Throwable e) {
        if (e instanceof ForbiddenException || Causes.find(e, ForbiddenException.class) != null) {
            return forbidden();
        }
        if (e instanceof ApiException refused) {
            if (refused.type() == ProblemType.NOT_FOUND) {
                return notFound();
            }
            if (refused.type() == ProblemType.TOO_MANY_REQUESTS) {
                return tooManyRequests(refused.retryAfterSeconds());
            }
            if (refused.type().status() < 500) {
                return problem(refused.type().status(), "Nothing was changed", refused.detail());
            }
        }
        if (Causes.isUnavailableDependency(e)) {
            Log.warnf("%s: a dependency is unavailable (%s)", page, e.getClass().getSimpleName());
            return unavailable();
        }
        Log.errorf(e, "%s failed", page);
        return failed();
    }
}
