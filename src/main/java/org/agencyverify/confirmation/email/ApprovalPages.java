package org.agencyverify.confirmation.email;

import io.quarkus.logging.Log;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.error.Causes;
import org.agencyverify.verification.VerificationState;

/** The approval page's answers: HTML for people, with headers that keep it out of caches and frames. */
final class ApprovalPages {

    /** No script, no framing (a framed Approve button could be clicked by deceit), forms only to us. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private ApprovalPages() {}

    /** On every page, from the resource or from the HTTP layer. */
    static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "Content-Security-Policy", CSP,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    static Response html(int status, TemplateInstance page) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.render());
        HEADERS.forEach(response::header);
        return response.build();
    }

    static Response problem(int status, String title, String message) {
        return html(status, ApprovalResource.Templates.problem(title, message));
    }

    /** The same answer for a confirmation that does not exist, is not by email, or is another person's. */
    static Response notYours() {
        return problem(403, "Nothing to confirm here",
                "There is no request to confirm at this link for the account you signed in with. If your agency asked you to"
                        + " confirm a request, open the link from that email and sign in with the account registered for"
                        + " your agency's confirmations.");
    }

    static Response weakSignIn() {
        return problem(403, "Sign in with your one-time code",
                "Confirming a request needs a sign-in with your password and the one-time code of your authenticator app."
                        + " This sign-in did not use a one-time code, so nothing is shown and nothing can be decided. Set up"
                        + " an authenticator for your account, then open the link from the email again.");
    }

    static Response closed() {
        return problem(409, "This request can no longer be answered",
                "It was already answered, it was closed by another contact's answer, or its deadline passed. Nothing was changed.");
    }

    static Response staleForm() {
        return problem(403, "This form cannot be used",
                "The form did not come from this page for your current sign-in, so nothing was decided. Open the link from"
                        + " the email again and answer from there.");
    }

    static Response noDecision() {
        return problem(400, "Choose Approve or Deny", "Nothing was decided. Open the link from the email again and choose Approve or Deny.");
    }

    static Response signInFailed() {
        return problem(401, "The sign-in did not complete",
                "Nothing was shown or decided. Open the link from the email again and sign in with your password and"
                        + " one-time code.");
    }

    static Response unusable(int status) {
        return problem(status, "This link cannot be used like this", "Nothing was decided. Open the link from the email again.");
    }

    static Response unavailable() {
        return problem(503, "Try again in a few minutes",
                "A server this page depends on is unavailable right now, so nothing was shown or decided. Open the link from"
                        + " the email again in a few minutes.");
    }

    static Response failed() {
        return problem(500, "Something went wrong on our side",
                "The page could not be completed. Open the link from the email again to see whether your answer was recorded.");
    }

    /** A link's id, or empty for anything that is not one (answered like an id nobody may use). */
    static Optional<UUID> id(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A page that failed: a dependency down is "try again", anything else "our side"; never a library message. */
    static Response unexpected(String page, Throwable e) {
        if (Causes.isUnavailableDependency(e)) {
            Log.warnf("%s: a dependency is unavailable (%s)", page, e.getClass().getSimpleName());
            return unavailable();
        }
        Log.errorf(e, "%s failed", page);
        return failed();
    }

    static String stateText(VerificationState state) {
        return switch (state) {
            case APPROVED, TOKEN_ISSUED -> "The request is now confirmed for the officer's agency.";
            case PENDING_CONFIRMATION -> "Your approval is recorded. The request still waits for another contact to confirm it.";
            case DENIED -> "The request is denied. The data holder will not be told it is genuine.";
            case EXPIRED, REJECTED -> "The request is closed.";
        };
    }
}
