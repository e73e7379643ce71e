package org.agencyverify.token;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.token.SigningKeys.KeyView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators see the signing keys (never a private part) and rotate them. */
@Path("/v1/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@Tag(name = "signing keys")
@SecurityRequirement(name = "SecurityScheme")
@AdminApi
public class SigningKeyResource {

    private final SigningKeys keys;
    private final CurrentCaller caller;

    SigningKeyResource(SigningKeys keys, CurrentCaller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Every signing key and its status: NEXT, ACTIVE, RETIRED (still published), REMOVED")
    public List<KeyView> list() {
        keys.published();
        return keys.list();
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "The published NEXT key starts signing, the ACTIVE key retires, a new NEXT key is published")
    public KeyView rotate() {
        return keys.rotate(caller.get().actor());
    }
}
