package org.agencyverify.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDtos.AgencyFilter;
import org.agencyverify.agency.AgencyDtos.AgencyPage;
import org.agencyverify.agency.AgencyDtos.AgencyView;
import org.agencyverify.agency.AgencyLifecycle;
import org.agencyverify.agency.AgencyService;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.agency.DomainDtos.DomainView;
import org.agencyverify.agency.DomainService;
import org.agencyverify.common.ratelimit.AdminApi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Operators only: the agency queue (PENDING first; any status on request) with activate, suspend and
 * reinstate, and each agency's domains with their proof state and the TXT record to publish (claim a
 * domain or renew its challenge, check the DNS now). Through {@link AgencyService} and
 * {@link DomainService} with their audit, like the API; an agency admin gets the 403 page.
 */
@AdminApi
@Path("/console/operator/agencies")
@Produces(MediaType.TEXT_HTML)
public class OperatorAgenciesResource {

    static final int PAGE_SIZE = 25;

    private static final int NAME_FILTER_MAX = 100;
    static final Map<String, String> DONE = Map.of(
            "activate", "Agency activated.",
            "suspend", "Agency suspended: its officers' live trust tokens are revoked and no new ones are issued.",
            "reinstate", "Agency reinstated.",
            "domain", "Domain claimed (or its challenge renewed): the agency publishes the TXT record below.",
            "prove", "DNS checked: the record was found and the domain is proved.");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(AgencyPage agencies, String status, String name, String csrf, String done,
                Pager pager);

        static native TemplateInstance domains(AgencyView agency, List<DomainView> domains, String csrf, String done);
    }

    private final ConsoleSession session;
    private final AgencyService agencies;
    private final DomainService domains;

    OperatorAgenciesResource(ConsoleSession session, AgencyService agencies, DomainService domains) {
        this.session = session;
        this.agencies = agencies;
        this.domains = domains;
    }

    @GET
    @Operation(hidden = true)
    public Response queue(@QueryParam("status") @DefaultValue("PENDING") String status, @QueryParam("name") String name,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("done") String done) {
        Optional<Response> refused = session.operatorRefusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        AgencyStatus chosen = status(status);
        String named = nameFilter(name);
        AgencyPage list = agencies.list(new AgencyFilter(chosen, null, null, null, named), Math.max(0, page), PAGE_SIZE);
        String shown = chosen == null ? "ANY" : chosen.name();
        String link = "/console/operator/agencies?status=" + shown
                + (named == null ? "" : "&name=" + URLEncoder.encode(named, StandardCharsets.UTF_8)) + "&";
        return ConsolePages.html(200, Templates.queue(list, shown, named, session.csrf(ConsoleSession.OPERATOR_FORMS), text(done),
                Pager.of(list.page(), PAGE_SIZE, list.total(), link)));
    }

    /** Part of an agency's name to look for (a queue of hundreds is read by search, not by paging); null for all. */
    private static String nameFilter(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String stripped = name.strip();
        return stripped.length() > NAME_FILTER_MAX ? stripped.substring(0, NAME_FILTER_MAX) : stripped;
    }

    @POST
    @Path("{agencyId}/{action:activate|suspend|reinstate}")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response transition(@PathParam("agencyId") String agencyId, @PathParam("action") String action,
            @FormParam("csrf") String csrf, @FormParam("name") String name) {
        Optional<Response> refused = session.operatorFormRefusal(csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        AgencyLifecycle.Action chosen = AgencyLifecycle.Action.valueOf(action.toUpperCase(java.util.Locale.ROOT));
        if (id.isEmpty() || agencies.transition(session.caller(), id.get(), chosen).isEmpty()) {
            return ConsolePages.notFound();
        }
        // Back to the same search, so the agency acted on is still in view.
        UriBuilder back = UriBuilder.fromPath("/console/operator/agencies").queryParam("status", "ANY").queryParam("done", action);
        String named = nameFilter(name);
        return ConsolePages.seeOther((named == null ? back : back.queryParam("name", named)).build());
    }

    @GET
    @Path("{agencyId}/domains")
    @Operation(hidden = true)
    public Response domains(@PathParam("agencyId") String agencyId, @QueryParam("done") String done) {
        Optional<Response> refused = session.operatorRefusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        if (id.isEmpty()) {
            return ConsolePages.notFound();
        }
        AgencyView agency = agencies.get(session.caller(), id.get());
        List<DomainView> list = domains.list(id.get()).orElseThrow();
        return ConsolePages.html(200, Templates.domains(agency, list, session.csrf(ConsoleSession.OPERATOR_FORMS), text(done)));
    }

    @POST
    @Path("{agencyId}/domains")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response claim(@PathParam("agencyId") String agencyId, @FormParam("csrf") String csrf, @FormParam("domain") String domain) {
        Optional<Response> refused = session.operatorFormRefusal(csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        if (id.isEmpty() || domains.claim(session.caller(), id.get(), domain == null ? "" : domain).isEmpty()) {
            return ConsolePages.notFound();
        }
        return domainsDone(id.get(), "domain");
    }

    @POST
    @Path("{agencyId}/domains/{domainId}/prove")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response prove(@PathParam("agencyId") String agencyId, @PathParam("domainId") String domainId,
            @FormParam("csrf") String csrf) {
        Optional<Response> refused = session.operatorFormRefusal(csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        Optional<UUID> domain = ConsoleIds.uuid(domainId);
        if (id.isEmpty() || domain.isEmpty() || domains.prove(session.caller(), id.get(), domain.get()).isEmpty()) {
            return ConsolePages.notFound();
        }
        return domainsDone(id.get(), "prove");
    }

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ConsolePages.failure("Console operator agencies page", e);
    }

    private static Response domainsDone(UUID agencyId, String what) {
        return ConsolePages.seeOther(UriBuilder.fromPath("/console/operator/agencies/{agency}/domains").queryParam("done", what)
                .build(agencyId));
    }

    private static String text(String done) {
        return done == null ? null : DONE.get(done);
    }

    private static AgencyStatus status(String value) {
        for (AgencyStatus status : AgencyStatus.values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        return null;
    }
}
