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
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.confirmation.Confirmation;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The approval page of the email channel. Quarkus has already signed the contact in through Keycloak
 * (tenant {@code approval}, authorization code + PKCE) before this runs; here: a second factor in
 * {@code amr}, the user is the contact's, the confirmation is open, and for a POST the CSRF token.
 * Pages are HTML for people, not part of the API contract (hidden from OpenAPI); no library message
 * or stack trace ever reaches them.
 */
@Path("/approve/{confirmationId}")
@Produces(MediaType.TEXT_HTML)
public class ApprovalResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(ApprovalView view, String csrf);

        static native TemplateInstance outcome(ApprovalView view, boolean approved, String stateText);

        static native TemplateInstance problem(String title, String message);
    }

    private final ApprovalService approvals;
    private final ApprovalCsrf csrf;
    private final ApprovalConfig config;

    @Inject
    @IdToken
    JsonWebToken idToken;

    ApprovalResource(ApprovalService approvals, ApprovalCsrf csrf, ApprovalConfig config) {
        this.approvals = approvals;
        this.csrf = csrf;
        this.config = config;
    }

    @GET
    @Operation(hidden = true)
    public Response show(@PathParam("confirmationId") String confirmationId) {
        SignedIn who = signedIn();
        if (!SignInRule.strongEnough(who.amr(), config.requiredAmr())) {
            return ApprovalPages.weakSignIn();
        }
        Optional<ApprovalView> view = ApprovalPages.id(confirmationId).flatMap(id -> approvals.find(id, who));
        if (view.isEmpty()) {
            return ApprovalPages.notYours();
        }
        if (!view.get().open()) {
            return ApprovalPages.closed();
        }
        return ApprovalPages.html(200, Templates.page(view.get(), csrf.token(who, view.get().confirmationId())));
    }

    @POST
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("confirmationId") String confirmationId, @FormParam("decision") String decision,
            @FormParam("csrf") String token) {
        SignedIn who = signedIn();
        if (!SignInRule.strongEnough(who.amr(), config.requiredAmr())) {
            return ApprovalPages.weakSignIn();
        }
        Optional<UUID> id = ApprovalPages.id(confirmationId);
        if (id.isEmpty()) {
            return ApprovalPages.notYours();
        }
        if (!csrf.matches(who, id.get(), token)) {
            return ApprovalPages.staleForm();
        }
        Optional<Confirmation.Decision> chosen = decision(decision);
        if (chosen.isEmpty()) {
            return ApprovalPages.noDecision();
        }
        return approvals.decide(id.get(), who, chosen.get())
                .map(result -> ApprovalPages.html(200, Templates.outcome(result.view(),
                        chosen.get() == Confirmation.Decision.APPROVE, ApprovalPages.stateText(result.verificationState()))))
                .orElseGet(ApprovalPages::notYours);
    }

    /** Only for this resource: the API's JSON problems stay as they are. */
    @ServerExceptionMapper
    public Response failed(Throwable e) {
        if (e instanceof ApiException refused && refused.type() == ProblemType.CONFIRMATION_CLOSED) {
            return ApprovalPages.closed();
        }
        return ApprovalPages.unexpected("Approval page", e);
    }

    private SignedIn signedIn() {
        return SignedIn.of(idToken);
    }

    private static Optional<Confirmation.Decision> decision(String value) {
        if ("APPROVE".equals(value)) {
            return Optional.of(Confirmation.Decision.APPROVE);
        }
        if ("DENY".equals(value)) {
            return Optional.of(Confirmation.Decision.DENY);
        }
        return Optional.empty();
    }
}
