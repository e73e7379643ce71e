package org.agencyverify.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Optional;
import org.agencyverify.audit.review.AuditDtos.Verification;
import org.agencyverify.audit.review.AuditVerifier;
import org.agencyverify.token.SigningKeys;
import org.agencyverify.token.SigningKeys.KeyView;
import org.agencyverify.common.ratelimit.AdminApi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Operators only: the trust-token signing keys with their states and the rotate button, and the audit
 * chain check (the whole chain, as {@code POST /v1/audit/verify} without a checkpoint; audited as
 * {@code audit.verified}). Through {@link SigningKeys} and {@link AuditVerifier}, like the API.
 */
@AdminApi
@Path("/console/operator/service")
@Produces(MediaType.TEXT_HTML)
public class OperatorServiceResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(List<KeyView> keys, String csrf, boolean rotated, Verification chain);
    }

    private final ConsoleSession session;
    private final SigningKeys keys;
    private final AuditVerifier verifier;

    OperatorServiceResource(ConsoleSession session, SigningKeys keys, AuditVerifier verifier) {
        this.session = session;
        this.keys = keys;
        this.verifier = verifier;
    }

    @GET
    @Operation(hidden = true)
    public Response page(@QueryParam("done") String done) {
        Optional<Response> refused = session.operatorRefusal();
        return refused.orElseGet(() -> ConsolePages.html(200, Templates.page(keyList(), session.csrf(ConsoleSession.OPERATOR_FORMS),
                "rotated".equals(done), null)));
    }

    @POST
    @Path("rotate")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rotate(@FormParam("csrf") String csrf) {
        Optional<Response> refused = session.operatorFormRefusal(csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        keys.rotate(session.caller().actor());
        return ConsolePages.seeOther(UriBuilder.fromPath("/console/operator/service").queryParam("done", "rotated").build());
    }

    @POST
    @Path("audit-check")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response checkAudit(@FormParam("csrf") String csrf) {
        Optional<Response> refused = session.operatorFormRefusal(csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        Verification chain = verifier.verify(session.caller(), null);
        return ConsolePages.html(200, Templates.page(keyList(), session.csrf(ConsoleSession.OPERATOR_FORMS), false, chain));
    }

    /** As the API lists them: the published set is made first if there is none yet. */
    private List<KeyView> keyList() {
        keys.published();
        return keys.list();
    }

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ConsolePages.failure("Console operator service page", e);
    }

}
