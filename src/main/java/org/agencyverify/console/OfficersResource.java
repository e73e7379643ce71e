package org.agencyverify.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.agencyverify.agency.AgencyDtos.AgencyView;
import org.agencyverify.agency.AgencyService;
import org.agencyverify.common.security.Caller;
import org.agencyverify.officer.EnrollOfficerRequest;
import org.agencyverify.officer.OfficerAction;
import org.agencyverify.officer.OfficerEnrollment;
import org.agencyverify.officer.OfficerPage;
import org.agencyverify.officer.OfficerService;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.risk.CompromiseReports;
import org.agencyverify.common.ratelimit.AdminApi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An agency's officers in the console: the list with each officer's state, the enroll form, and the
 * actions of the admin API (activate, invitation again, suspend, reinstate, remove, report compromised),
 * each a POST form with the CSRF token, through the same services and audit as the API. The outcome
 * shows on the list after a redirect. Another agency's page is the 403 page, whether it exists or not.
 */
@AdminApi
@Path("/console/agencies/{agencyId}/officers")
@Produces(MediaType.TEXT_HTML)
public class OfficersResource {

    static final int PAGE_SIZE = 20;

    /** What the list says after each action (fixed texts: nothing from the request is echoed). */
    static final Map<String, String> DONE = Map.of(
            "enrolled", "Officer enrolled. They get an email to set a password and a second factor.",
            "activate", "Officer activated.",
            "invitation", "The invitation was sent again.",
            "suspend", "Officer suspended: their Keycloak account is disabled and their live trust tokens are revoked.",
            "reinstate", "Officer reinstated.",
            "remove", "Officer removed for good: their Keycloak account is disabled and their live trust tokens are revoked.",
            "compromised", "Reported compromised: the officer is removed for good, their tokens revoked and their open"
                    + " verifications closed.");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(AgencyView agency, OfficerPage officers, String status, String csrf, String done,
                Pager pager);
    }

    private final ConsoleSession session;
    private final AgencyService agencies;
    private final OfficerService officers;
    private final OfficerEnrollment enrollment;
    private final CompromiseReports compromise;
    private final Validator validator;

    OfficersResource(ConsoleSession session, AgencyService agencies, OfficerService officers, OfficerEnrollment enrollment,
            CompromiseReports compromise, Validator validator) {
        this.session = session;
        this.agencies = agencies;
        this.officers = officers;
        this.enrollment = enrollment;
        this.compromise = compromise;
        this.validator = validator;
    }

    @GET
    @Operation(hidden = true)
    public Response list(@PathParam("agencyId") String agencyId, @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("done") String done) {
        Optional<Response> refused = refusal(agencyId);
        if (refused.isPresent()) {
            return refused.get();
        }
        UUID id = UUID.fromString(agencyId);
        Caller caller = session.caller();
        AgencyView agency = agencies.get(caller, id);
        OfficerStatus filter = status(status);
        OfficerPage list = officers.list(caller, id, filter, null, Math.max(0, page), PAGE_SIZE);
        return ConsolePages.html(200, Templates.list(agency, list, filter == null ? "" : filter.name(), session.csrf(id.toString()),
                done == null ? null : DONE.get(done), Pager.of(list.page(), PAGE_SIZE, list.total(),
                        "/console/agencies/" + id + "/officers?status=" + (filter == null ? "" : filter.name()) + "&")));
    }

    @POST
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enroll(@PathParam("agencyId") String agencyId, @FormParam("csrf") String csrf,
            @FormParam("email") String email, @FormParam("name") String name, @FormParam("badgeNumber") String badgeNumber) {
        Optional<Response> refused = checked(agencyId, csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        EnrollOfficerRequest request = new EnrollOfficerRequest(email, name, badgeNumber);
        Set<ConstraintViolation<EnrollOfficerRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            return ConsolePages.problem(400, "Nothing was changed", "The officer was not enrolled: " + violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> label(v.getPropertyPath().toString()) + " " + v.getMessage())
                    .collect(Collectors.joining("; ")) + ".");
        }
        enrollment.enroll(session.caller(), UUID.fromString(agencyId), request);
        return done(agencyId, "enrolled");
    }

    @POST
    @Path("{officerId}/{action}")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("agencyId") String agencyId, @PathParam("officerId") String officerId,
            @PathParam("action") String action, @FormParam("csrf") String csrf) {
        Optional<Response> refused = checked(agencyId, csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UUID> officer = ConsoleIds.uuid(officerId);
        if (officer.isEmpty()) {
            return ConsolePages.notFound();
        }
        UUID agency = UUID.fromString(agencyId);
        Caller caller = session.caller();
        boolean found = switch (action) {
            case "activate" -> officers.apply(caller, agency, officer.get(), OfficerAction.ACTIVATE).isPresent();
            case "suspend" -> officers.apply(caller, agency, officer.get(), OfficerAction.SUSPEND).isPresent();
            case "reinstate" -> officers.apply(caller, agency, officer.get(), OfficerAction.REINSTATE).isPresent();
            case "remove" -> officers.apply(caller, agency, officer.get(), OfficerAction.REMOVE).isPresent();
            case "invitation" -> officers.resendInvitation(caller, agency, officer.get()).isPresent();
            case "compromised" -> compromise.byAdmin(caller, agency, officer.get(), "reported in the console").isPresent();
            default -> false;
        };
        return found ? done(agencyId, action) : ConsolePages.notFound();
    }

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ConsolePages.failure("Console officers page", e);
    }

    /** No console for this person, or an id that is no agency's (answered like another agency's). */
    private Optional<Response> refusal(String agencyId) {
        Optional<Response> refused = session.refusal();
        if (refused.isPresent()) {
            return refused;
        }
        return ConsoleIds.uuid(agencyId).isEmpty() ? Optional.of(ConsolePages.forbidden()) : Optional.empty();
    }

    /** {@link #refusal}, then the form's CSRF token: checked before anything is read or changed. */
    private Optional<Response> checked(String agencyId, String csrf) {
        Optional<Response> refused = refusal(agencyId);
        if (refused.isPresent()) {
            return refused;
        }
        return session.csrfMatches(ConsoleIds.uuid(agencyId).orElseThrow().toString(), csrf) ? Optional.empty() : Optional.of(ConsolePages.staleForm());
    }

    private static Response done(String agencyId, String what) {
        return ConsolePages.seeOther(UriBuilder.fromPath("/console/agencies/{agency}/officers").queryParam("done", what)
                .build(agencyId));
    }

    private static OfficerStatus status(String value) {
        for (OfficerStatus status : OfficerStatus.values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        return null;
    }

    private static String label(String field) {
        return switch (field) {
            case "email" -> "Email";
            case "name" -> "Name";
            case "badgeNumber" -> "Badge number";
            default -> field;
        };
    }
}
