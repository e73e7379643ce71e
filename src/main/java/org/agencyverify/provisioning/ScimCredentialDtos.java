package org.agencyverify.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the SCIM credential API answers: the secret once, afterwards only whether one exists. */
public final class ScimCredentialDtos {

    private ScimCredentialDtos() {}

    /** A new credential: the only time its secret is shown. */
    record IssuedScimCredential(
            @Schema(description = "The bearer secret for the SCIM client (Entra ID: Secret Token; Okta: the Authorization"
                    + " header's token). Shown this once; creating again replaces it and the old one stops at once")
            String secret,
            @Schema(description = "The SCIM base URL to give the client (Entra ID: Tenant URL; Okta: SCIM connector base URL)")
            String scimBaseUrl,
            Instant createdAt) {}

    /** Whether the agency has a credential, when it was made and last used; never the secret. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScimCredentialStatus(boolean exists, Instant createdAt, String createdBy, Instant lastUsedAt) {}
}
