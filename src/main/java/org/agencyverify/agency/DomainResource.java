package org.agencyverify.agency;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.agencyverify.agency.DomainDtos.AddDomain;
import org.agencyverify.agency.DomainDtos.DomainView;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators claim domains for agencies and prove them by DNS. */
@Path("/v1/agencies/{agencyId}/domains")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@Tag(name = "agencies")
@SecurityRequirement(name = "SecurityScheme")
@AdminApi
public class DomainResource {

    private final DomainService domains;
    private final CurrentCaller caller;

    DomainResource(DomainService domains, CurrentCaller caller) {
        this.domains = domains;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Claim a domain and get its DNS TXT challenge (again, for an unproved domain: a new challenge)")
    public Response claim(@PathParam("agencyId") UUID agencyId, @Valid @NotNull AddDomain request, @Context UriInfo uri) {
        DomainService.Claimed claimed = domains.claim(caller.get(), agencyId, request.domain())
                .orElseThrow(AgencyResource::notFound);
        if (!claimed.created()) {
            return Response.ok(claimed.domain()).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(claimed.domain().id().toString()).build())
                .entity(claimed.domain()).build();
    }

    @GET
    @Operation(summary = "The agency's domains and their proof state")
    public List<DomainView> list(@PathParam("agencyId") UUID agencyId) {
        return domains.list(agencyId).orElseThrow(AgencyResource::notFound);
    }

    @POST
    @Path("{domainId}/prove")
    @Operation(summary = "Look the challenge up in DNS; when found, the domain is proved")
    public DomainView prove(@PathParam("agencyId") UUID agencyId, @PathParam("domainId") UUID domainId) {
        return domains.prove(caller.get(), agencyId, domainId)
                .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "This agency has no domain with this id."));
    }
}
