package org.agencyverify.identity;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.security.CurrentCaller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Lets anyone with a token check how the service sees them before they call anything else. */
@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "identity")
@SecurityRequirement(name = "SecurityScheme")
public class CallerResource {

    /** The caller as the service sees it. */
    public record CallerView(String subject, String username, String email, List<String> roles) {}

    private final CurrentCaller currentCaller;

    CallerResource(CurrentCaller currentCaller) {
        this.currentCaller = currentCaller;
    }

    @GET
    @Operation(summary = "Who the bearer token says you are, and your roles in agency-verify")
    public CallerView me() {
        Caller caller = currentCaller.get();
        return new CallerView(caller.subject(), caller.username(), caller.email(), caller.roles().stream().sorted().toList());
    }
}
