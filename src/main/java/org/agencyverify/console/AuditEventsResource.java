package org.agencyverify.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.agencyverify.agency.AgencyDtos.AgencyView;
import org.agencyverify.agency.AgencyService;
import org.agencyverify.audit.review.AuditDtos.EventPage;
import org.agencyverify.audit.review.AuditDtos.EventQuery;
import org.agencyverify.audit.review.AuditSearch;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.ratelimit.AdminApi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The agency's audit events, newest first, 50 a page (keyset paging by sequence, as the API's
 * {@code GET /v1/audit/events}), optionally of one action; through the same {@link AuditSearch}.
 */
@AdminApi
@Path("/console/agencies/{agencyId}/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditEventsResource {

    static final int PAGE_SIZE = 50;
    private static final Pattern ACTION = Pattern.compile("[a-z0-9_.-]{1,100}");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(AgencyView agency, EventPage events, String action, boolean first);
    }

    private final ConsoleSession session;
    private final AgencyService agencies;
    private final AuditSearch search;

    AuditEventsResource(ConsoleSession session, AgencyService agencies, AuditSearch search) {
        this.session = session;
        this.agencies = agencies;
        this.search = search;
    }

    @GET
    @Operation(hidden = true)
    public Response list(@PathParam("agencyId") String agencyId, @QueryParam("action") String action,
            @QueryParam("after") Long after) {
        Optional<Response> refused = session.refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        if (id.isEmpty()) {
            return ConsolePages.forbidden();
        }
        Caller caller = session.caller();
        AgencyView agency = agencies.get(caller, id.get());
        String chosen = action != null && ACTION.matcher(action.strip()).matches() ? action.strip() : null;
        Long cursor = after != null && after >= 0 ? after : null;
        EventPage events = search.search(caller, new EventQuery(id.get(), null, null, null, null, chosen, null, null, cursor, true,
                PAGE_SIZE));
        return ConsolePages.html(200, Templates.list(agency, events, chosen == null ? "" : chosen, cursor == null));
    }

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ConsolePages.failure("Console audit page", e);
    }
}
