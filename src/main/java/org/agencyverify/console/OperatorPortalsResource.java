package org.agencyverify.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.portal.PortalChanges;
import org.agencyverify.portal.PortalService;
import org.agencyverify.portal.PortalViews.CreatePortal;
import org.agencyverify.portal.PortalViews.PortalCredentials;
import org.agencyverify.portal.PortalViews.PortalPage;
import org.agencyverify.portal.PortalViews.PortalView;
import org.agencyverify.common.ratelimit.AdminApi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Operators only: the portals (relying parties) that may call the verify API, oldest first as the API
 * lists them, and a page per portal to suspend, reinstate or rotate its client secret. Registering and
 * rotating answer with the page that shows the new secret, the only time it is shown (Keycloak keeps
 * it, agency-verify does not). Through {@link PortalService} and {@link PortalChanges}, like the API.
 */
@AdminApi
@Path("/console/operator/portals")
@Produces(MediaType.TEXT_HTML)
public class OperatorPortalsResource {

    static final int PAGE_SIZE = 25;

    static final Map<String, String> DONE = Map.of(
            "suspend", "Portal suspended: its client can no longer get tokens.",
            "reinstate", "Portal reinstated.");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(PortalPage portals, Pager pager, String csrf);

        static native TemplateInstance portal(PortalView portal, String csrf, String done, PortalCredentials issued);
    }

    private final ConsoleSession session;
    private final PortalService portals;
    private final PortalChanges changes;
    private final Validator validator;

    OperatorPortalsResource(ConsoleSession session, PortalService portals, PortalChanges changes, Validator validator) {
        this.session = session;
        this.portals = portals;
        this.changes = changes;
        this.validator = validator;
    }

    @GET
    @Operation(hidden = true)
    public Response list(@QueryParam("page") @DefaultValue("0") int page) {
        Optional<Response> refused = session.operatorRefusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        PortalPage list = portals.list(Math.max(0, page), PAGE_SIZE);
        return ConsolePages.html(200, Templates.list(list, Pager.of(list.page(), PAGE_SIZE, list.total(), "/console/operator/portals?"),
                session.csrf(ConsoleSession.OPERATOR_FORMS)));
    }

    @POST
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(@FormParam("csrf") String csrf, @FormParam("name") String name, @FormParam("audience") String audience,
            @FormParam("eventEndpoint") String eventEndpoint) {
        Optional<Response> refused = session.operatorFormRefusal(csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        CreatePortal request = new CreatePortal(ConsoleForms.optional(name), ConsoleForms.optional(audience),
                ConsoleForms.optional(eventEndpoint));
        Optional<Response> invalid = ConsoleForms.invalid(validator, request, "The portal was not registered");
        if (invalid.isPresent()) {
            return invalid.get();
        }
        PortalCredentials created = portals.register(session.caller(), request);
        return page(created.portal(), null, created);
    }

    @GET
    @Path("{portalId}")
    @Operation(hidden = true)
    public Response portal(@PathParam("portalId") String portalId, @QueryParam("done") String done) {
        Optional<Response> refused = session.operatorRefusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<PortalView> portal = ConsoleIds.uuid(portalId).flatMap(portals::find);
        return portal.isEmpty() ? ConsolePages.notFound() : page(portal.get(), done == null ? null : DONE.get(done), null);
    }

    @POST
    @Path("{portalId}/{action:suspend|reinstate}")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response transition(@PathParam("portalId") String portalId, @PathParam("action") String action,
            @FormParam("csrf") String csrf) {
        Optional<Response> refused = session.operatorFormRefusal(csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UUID> id = ConsoleIds.uuid(portalId);
        Optional<PortalView> changed = id.flatMap(portal -> "suspend".equals(action) ? changes.suspend(session.caller(), portal)
                : changes.reinstate(session.caller(), portal));
        if (changed.isEmpty()) {
            return ConsolePages.notFound();
        }
        return ConsolePages.seeOther(UriBuilder.fromPath("/console/operator/portals/{portal}").queryParam("done", action)
                .build(changed.get().id()));
    }

    @POST
    @Path("{portalId}/rotate-secret")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rotateSecret(@PathParam("portalId") String portalId, @FormParam("csrf") String csrf) {
        Optional<Response> refused = session.operatorFormRefusal(csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<PortalCredentials> rotated = ConsoleIds.uuid(portalId).flatMap(id -> changes.rotateSecret(session.caller(), id));
        return rotated.isEmpty() ? ConsolePages.notFound() : page(rotated.get().portal(), null, rotated.get());
    }

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ConsolePages.failure("Console operator portals page", e);
    }

    private Response page(PortalView portal, String done, PortalCredentials issued) {
        return ConsolePages.html(200, Templates.portal(portal, session.csrf(ConsoleSession.OPERATOR_FORMS), done, issued));
    }
}
