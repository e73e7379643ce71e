package org.agencyverify.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.agencyverify.agency.AgencyDtos.AgencyFilter;
import org.agencyverify.agency.AgencyDtos.AgencyView;
import org.agencyverify.agency.AgencyService;
import org.agencyverify.common.ratelimit.AdminApi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The console's start page: an agency admin's agencies, or every agency for an operator; and the
 * console's one stylesheet (served here so that the pages need no inline style). Pages for people, not
 * part of the API contract (hidden from OpenAPI).
 */
@Path("/console")
public class HomeResource {

    private static final byte[] STYLESHEET = readStylesheet();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<AgencyView> agencies, boolean operator, String who);
    }

    private final ConsoleSession session;
    private final AgencyService agencies;

    HomeResource(ConsoleSession session, AgencyService agencies) {
        this.session = session;
        this.agencies = agencies;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    @AdminApi
    public Response home() {
        return session.refusal().orElseGet(() -> {
            boolean operator = session.isOperator();
            List<AgencyView> list = operator ? agencies.list(new AgencyFilter(null, null, null, null, null), 0, 100).items()
                    : agencies.administeredBy(session.caller());
            String who = session.caller().email() != null ? session.caller().email() : session.caller().username();
            return ConsolePages.html(200, Templates.home(list, operator, who));
        });
    }

    @GET
    @Path("console.css")
    @Produces("text/css")
    @Operation(hidden = true)
    public Response stylesheet() {
        Response.ResponseBuilder response = Response.ok(STYLESHEET, "text/css;charset=UTF-8");
        ConsolePages.HEADERS.forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ConsolePages.failure("Console home", e);
    }

    private static byte[] readStylesheet() {
        try (InputStream in = HomeResource.class.getResourceAsStream("/console/console.css")) {
            if (in == null) {
                throw new IllegalStateException("console.css is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
