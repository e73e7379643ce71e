package org.agencyverify.agency;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.agencyverify.agency.ImportDtos.ImportReport;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operators import the public .gov registry (CSV, columns by header name) as agency candidates.
 * This path alone accepts a large body: see {@link ImportBodyLimit}.
 */
@Path(ImportResource.PATH)
@Tag(name = "agencies")
@SecurityRequirement(name = "SecurityScheme")
@AdminApi
public class ImportResource {

    public static final String PATH = "/v1/agencies/import";

    private final ImportService imports;
    private final CurrentCaller caller;

    ImportResource(ImportService imports, CurrentCaller caller) {
        this.imports = imports;
        this.caller = caller;
    }

    @POST
    @Consumes("text/csv")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Import .gov registry rows as PENDING agency candidates with unproved domains (idempotent)")
    public ImportReport importCsv(InputStream body) {
        return imports.importCsv(caller.get(), body);
    }
}
