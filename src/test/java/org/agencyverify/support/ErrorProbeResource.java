package org.agencyverify.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.ConnectException;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A resource that exists only in tests, to drive every error path of the shared error handling
 * through a real JAX-RS endpoint. Hidden from the OpenAPI document so the contract test sees the
 * service's real API only.
 */
@Path("/test-support/probe")
@Produces(MediaType.APPLICATION_JSON)
public class ErrorProbeResource {

    public record Greeting(
            @NotBlank String name,
            @Min(1) @Max(10) int count,
            @Pattern(regexp = "[a-z]+") String tag) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Greeting echo(@Valid Greeting greeting) {
        return greeting;
    }

    @GET
    @Path("/refused")
    @Operation(hidden = true)
    public String refused() {
        throw new ApiException(ProblemType.CONFLICT, "The probe is already in that state.");
    }

    @GET
    @Path("/bug")
    @Operation(hidden = true)
    public String bug() {
        throw new IllegalStateException("org.secret.Internal at db.internal:5432 password=hunter2");
    }

    @GET
    @Path("/unavailable")
    @Operation(hidden = true)
    public String unavailable() {
        throw new IllegalStateException("wrapped", new ConnectException("Connection refused: redis.internal:6379"));
    }

    @GET
    @Path("/query")
    @Operation(hidden = true)
    public String query(@QueryParam("page") @Min(0) int page) {
        return "page " + page;
    }
}
