package org.agencyverify.confirmation.email;

import io.quarkus.oidc.IdToken;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.verification.ciba.EmailedRequests;
import org.agencyverify.verification.ciba.EmailedRequests.OfficerRequestView;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The officer's page of an emailed request from their address ("Did you send this?"). It lives under
 * /approve, so the same sign-in as the contacts' approval page guards it (tenant {@code approval},
 * authorization code + PKCE, Keycloak's OTP step); here: the sign-in is as strong as the purpose demands
 * of an officer, the user is that officer, the request waits for them, and for a POST the CSRF token.
 */
@Path("/approve/sent/{verificationId}")
@Produces(MediaType.TEXT_HTML)
public class SentCheckResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(OfficerRequestView view, String deadline, String csrf);

        static native TemplateInstance outcome(OfficerRequestView view, boolean sent, boolean applied);
    }

    private final EmailedRequests requests;
    private final ApprovalCsrf csrf;

    @Inject
    @IdToken
    JsonWebToken idToken;

    SentCheckResource(EmailedRequests requests, ApprovalCsrf csrf) {
        this.requests = requests;
        this.csrf = csrf;
    }

    @GET
    @Operation(hidden = true)
    public Response show(@PathParam("verificationId") String verificationId) {
        SignedIn who = signedIn();
        Optional<OfficerRequestView> view = ApprovalPages.id(verificationId).flatMap(id -> requests.forOfficer(id, who.subject()));
        if (view.isEmpty()) {
            return notYours();
        }
        if (!requests.strongEnough(view.get().verificationId(), who.signIn())) {
            return weakSignIn();
        }
        if (!view.get().open()) {
            return ApprovalPages.closed();
        }
        return ApprovalPages.html(200, Templates.page(view.get(), ApprovalView.formatDeadline(view.get().expiresAt()),
                csrf.token(who, view.get().verificationId())));
    }

    @POST
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(@PathParam("verificationId") String verificationId, @FormParam("answer") String answer,
            @FormParam("csrf") String token) {
        SignedIn who = signedIn();
        Optional<UUID> id = ApprovalPages.id(verificationId);
        if (id.isEmpty()) {
            return notYours();
        }
        if (!csrf.matches(who, id.get(), token)) {
            return ApprovalPages.staleForm();
        }
        Optional<EmailedRequests.Answer> chosen = answer(answer);
        if (chosen.isEmpty()) {
            return ApprovalPages.problem(400, "Choose an answer", "Nothing was recorded. Open the link from the email again and"
                    + " say whether you sent the request.");
        }
        if (!requests.strongEnough(id.get(), who.signIn())) {
            return weakSignIn();
        }
        return requests.answer(id.get(), who.signIn(), chosen.get())
                .map(done -> done.applied()
                        ? ApprovalPages.html(200, Templates.outcome(done.view(), chosen.get() == EmailedRequests.Answer.SENT, true))
                        : ApprovalPages.closed())
                .orElseGet(SentCheckResource::notYours);
    }

    /** Only for this resource: the API's JSON problems stay as they are. */
    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ApprovalPages.unexpected("Sent-check page", e);
    }

    /** The same answer for a request that does not exist, is not an officer's emailed request, or is another person's. */
    private static Response notYours() {
        return ApprovalPages.problem(403, "Nothing to answer here",
                "There is no request to answer at this link for the account you signed in with. Open the link from the"
                        + " email your agency's service sent to your enrolled address, and sign in with your own account.");
    }

    private static Response weakSignIn() {
        return ApprovalPages.problem(403, "Sign in with a stronger second factor",
                "Answering this request needs a recent sign-in with the second factor its purpose demands of officers (a"
                        + " one-time code, or a security key for emergencies), at your agency's own sign-in when your agency"
                        + " uses one. Nothing is shown and nothing was recorded. Open the link from the email again and sign in"
                        + " with that factor.");
    }

    private SignedIn signedIn() {
        return SignedIn.of(idToken);
    }

    private static Optional<EmailedRequests.Answer> answer(String value) {
        if ("SENT".equals(value)) {
            return Optional.of(EmailedRequests.Answer.SENT);
        }
        if ("NOT_SENT".equals(value)) {
            return Optional.of(EmailedRequests.Answer.NOT_SENT);
        }
        return Optional.empty();
    }
}
