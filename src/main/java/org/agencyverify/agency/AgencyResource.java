package org.agencyverify.agency;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.agencyverify.agency.AgencyDtos.AgencyFilter;
import org.agencyverify.agency.AgencyDtos.AgencyPage;
import org.agencyverify.agency.AgencyDtos.AgencyView;
import org.agencyverify.agency.AgencyDtos.CreateAgency;
import org.agencyverify.agency.AgencyDtos.EmergencyApprovers;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators vet agencies here; an agency admin may read their own agency. */
@Path("/v1/agencies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agencies")
@SecurityRequirement(name = "SecurityScheme")
@AdminApi
public class AgencyResource {

    private final AgencyService agencies;
    private final AgencySettings settings;
    private final CurrentCaller caller;

    AgencyResource(AgencyService agencies, AgencySettings settings, CurrentCaller caller) {
        this.agencies = agencies;
        this.settings = settings;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Create an agency (PENDING) and its Keycloak organization")
    public Response create(@Valid @NotNull CreateAgency request, @jakarta.ws.rs.core.Context UriInfo uri) {
        AgencyView created = agencies.create(caller.get(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
    @Operation(summary = "Read an agency (agency admins: their own only)")
    public AgencyView get(@PathParam("id") UUID id) {
        return agencies.get(caller.get(), id);
    }

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "List agencies by name, with filters and paging")
    public AgencyPage list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(1000) int size,
            @QueryParam("status") AgencyStatus status, @QueryParam("country") String country,
            @QueryParam("region") String region, @QueryParam("kind") String kind, @QueryParam("name") String name) {
        return agencies.list(new AgencyFilter(status, country, region, kind, name), page, size);
    }

    @POST
    @Path("{id}/activate")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Activate a PENDING agency (needs a proved domain and an ACTIVE contact)")
    public AgencyView activate(@PathParam("id") UUID id) {
        return transition(id, AgencyLifecycle.Action.ACTIVATE);
    }

    @POST
    @Path("{id}/suspend")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Suspend an ACTIVE agency; its Keycloak organization is disabled")
    public AgencyView suspend(@PathParam("id") UUID id) {
        return transition(id, AgencyLifecycle.Action.SUSPEND);
    }

    @POST
    @Path("{id}/reinstate")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Reinstate a SUSPENDED agency (its prerequisites are checked again)")
    public AgencyView reinstate(@PathParam("id") UUID id) {
        return transition(id, AgencyLifecycle.Action.REINSTATE);
    }

    @PUT
    @Path("{id}/emergency-approvers")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Set how many SUPERVISOR contacts must approve each emergency request (1 or 2)")
    public AgencyView setEmergencyApprovers(@PathParam("id") UUID id, @Valid @NotNull EmergencyApprovers request) {
        return settings.setEmergencyApprovers(caller.get(), id, request.approvers()).orElseThrow(AgencyResource::notFound);
    }

    private AgencyView transition(UUID id, AgencyLifecycle.Action action) {
        return agencies.transition(caller.get(), id, action).orElseThrow(AgencyResource::notFound);
    }

    static ApiException notFound() {
        return new ApiException(ProblemType.NOT_FOUND, "No agency has this id.");
    }
}
