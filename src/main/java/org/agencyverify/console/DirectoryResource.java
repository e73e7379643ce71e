package org.agencyverify.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDtos.AgencyView;
import org.agencyverify.agency.AgencyService;
import org.agencyverify.federation.FederationService;
import org.agencyverify.federation.IdentityProviderChanges;
import org.agencyverify.federation.IdentityProviderView;
import org.agencyverify.federation.LinkIdentityProviderRequest;
import org.agencyverify.provisioning.ScimCredentialDtos.ScimCredentialStatus;
import org.agencyverify.provisioning.ScimCredentials;
import org.agencyverify.common.ratelimit.AdminApi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * How an agency's officers come from its own directory: the identity providers it linked (operators
 * propose a link or an unlink, a pending change as in the API; the agency's admins see them) and its
 * SCIM credential (its admins and operators create or rotate it, or revoke it). The secret is on the
 * page that answers the POST only, never again: only its hash is kept. Through
 * {@link FederationService}, {@link IdentityProviderChanges} and {@link ScimCredentials} with their audit.
 */
@AdminApi
@Path("/console/agencies/{agencyId}/directory")
@Produces(MediaType.TEXT_HTML)
public class DirectoryResource {

    static final Map<String, String> DONE = Map.of(
            "linking", "Link proposed: it applies after the cool-down, once the agency's contacts were told, or when a second"
                    + " operator approves it (Contacts page, Changes).",
            "unlinking", "Unlink proposed: the identity provider stays linked until the change applies.",
            "revoked", "SCIM credential revoked: the agency's SCIM client is refused from now on.");

    /** A SCIM credential just made: shown on this one page. */
    record NewCredential(String secret, String scimBaseUrl) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(AgencyView agency, List<IdentityProviderView> providers, ScimCredentialStatus scim,
                boolean operator, String csrf, String done, NewCredential issued);
    }

    private final ConsoleSession session;
    private final AgencyService agencies;
    private final FederationService federation;
    private final IdentityProviderChanges changes;
    private final ScimCredentials credentials;
    private final Validator validator;

    DirectoryResource(ConsoleSession session, AgencyService agencies, FederationService federation, IdentityProviderChanges changes,
            ScimCredentials credentials, Validator validator) {
        this.session = session;
        this.agencies = agencies;
        this.federation = federation;
        this.changes = changes;
        this.credentials = credentials;
        this.validator = validator;
    }

    @GET
    @Operation(hidden = true)
    public Response page(@PathParam("agencyId") String agencyId, @QueryParam("done") String done) {
        Optional<Response> refused = session.refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        return id.isEmpty() ? ConsolePages.forbidden() : render(id.get(), done == null ? null : DONE.get(done), null);
    }

    /** Creates the credential, or replaces it (the old one stops at once): the one page that shows its secret. */
    @POST
    @Path("scim-credential")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createCredential(@PathParam("agencyId") String agencyId, @FormParam("csrf") String csrf) {
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        Optional<Response> refused = session.agencyFormRefusal(id, csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        ScimCredentials.Issued issued = credentials.create(session.caller(), id.get());
        return render(id.get(), null, new NewCredential(issued.secret(), issued.scimBaseUrl()));
    }

    @POST
    @Path("scim-credential/revoke")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revokeCredential(@PathParam("agencyId") String agencyId, @FormParam("csrf") String csrf) {
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        Optional<Response> refused = session.agencyFormRefusal(id, csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!credentials.revoke(session.caller(), id.get())) {
            return ConsolePages.notFound();
        }
        return done(id.get(), "revoked");
    }

    /** Operators only, as in the API: proposes the link, checked now (issuer, proved domain, alias). */
    @POST
    @Path("identity-providers")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response link(@PathParam("agencyId") String agencyId, @FormParam("csrf") String csrf, @FormParam("alias") String alias,
            @FormParam("issuer") String issuer, @FormParam("clientId") String clientId, @FormParam("clientSecret") String clientSecret,
            @FormParam("domain") String domain, @FormParam("syncMode") String syncMode, @FormParam("acceptedAcr") String acceptedAcr) {
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        Optional<Response> refused = operatorAgencyFormRefusal(id, csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        LinkIdentityProviderRequest request = new LinkIdentityProviderRequest(ConsoleForms.optional(alias), ConsoleForms.optional(issuer),
                ConsoleForms.optional(clientId), clientSecret, ConsoleForms.optional(domain), ConsoleForms.optional(syncMode), null, null,
                null, ConsoleForms.list(acceptedAcr));
        Optional<Response> invalid = ConsoleForms.invalid(validator, request, "The identity provider was not proposed");
        if (invalid.isPresent()) {
            return invalid.get();
        }
        changes.proposeLink(session.caller(), id.get(), request);
        return done(id.get(), "linking");
    }

    @POST
    @Path("identity-providers/{alias}/unlink")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unlink(@PathParam("agencyId") String agencyId, @PathParam("alias") String alias, @FormParam("csrf") String csrf) {
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        Optional<Response> refused = operatorAgencyFormRefusal(id, csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (changes.proposeUnlink(session.caller(), id.get(), alias).isEmpty()) {
            return ConsolePages.notFound();
        }
        return done(id.get(), "unlinking");
    }

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ConsolePages.failure("Console directory page", e);
    }

    /** The agency form's token first (so a forged form reads as one), then operators only. */
    private Optional<Response> operatorAgencyFormRefusal(Optional<UUID> id, String csrf) {
        return session.agencyFormRefusal(id, csrf).or(() -> session.isOperator() ? Optional.empty()
                : Optional.of(ConsolePages.forbidden()));
    }

    private Response render(UUID id, String done, NewCredential issued) {
        AgencyView agency = agencies.get(session.caller(), id);
        return ConsolePages.html(200, Templates.page(agency, federation.list(id), credentials.show(session.caller(), id),
                session.isOperator(), session.csrf(id.toString()), done, issued));
    }

    private static Response done(UUID agencyId, String what) {
        return ConsolePages.seeOther(UriBuilder.fromPath("/console/agencies/{agency}/directory").queryParam("done", what)
                .build(agencyId));
    }
}
