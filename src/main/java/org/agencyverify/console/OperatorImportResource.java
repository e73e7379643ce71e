package org.agencyverify.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.agencyverify.agency.ImportDtos.ImportReport;
import org.agencyverify.agency.ImportService;
import org.agencyverify.common.ratelimit.AdminApi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Operators only: upload the public .gov registry's CSV and read what the import did (agency
 * candidates and domains created, rows skipped or rejected and why). Through {@link ImportService},
 * like {@code POST /v1/agencies/import}, with the same body limit (agency/ImportBodyLimit).
 */
@AdminApi
@Path("/console/operator/import")
@Produces(MediaType.TEXT_HTML)
public class OperatorImportResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(String csrf, ImportReport report);
    }

    private final ConsoleSession session;
    private final ImportService imports;

    OperatorImportResource(ConsoleSession session, ImportService imports) {
        this.session = session;
        this.imports = imports;
    }

    @GET
    @Operation(hidden = true)
    public Response page() {
        return session.operatorRefusal().orElseGet(() -> ConsolePages.html(200,
                Templates.page(session.csrf(ConsoleSession.OPERATOR_FORMS), null)));
    }

    @POST
    @Operation(hidden = true)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) throws IOException {
        Optional<Response> refused = session.operatorRefusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UploadForm> form = UploadForm.read(contentType, body);
        refused = session.operatorFormRefusal(form.map(UploadForm::csrf).orElse(null));
        if (refused.isPresent()) {
            return refused.get();
        }
        if (form.get().file().length == 0) {
            return ConsolePages.problem(400, "Nothing was imported", "Choose the registry's CSV file, then import it.");
        }
        ImportReport report = imports.importCsv(session.caller(), new ByteArrayInputStream(form.get().file()));
        return ConsolePages.html(200, Templates.page(session.csrf(ConsoleSession.OPERATOR_FORMS), report));
    }

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ConsolePages.failure("Console operator import page", e);
    }
}
