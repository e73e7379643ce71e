package org.agencyverify.confirmation.email;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

/** The approval page that email contacts sign in to (prefix {@code agency-verify.approval}). */
@ConfigMapping(prefix = "agency-verify.approval")
public interface ApprovalConfig {

    /** Values the ID token's {@code amr} must all name (Keycloak's flow of the approval client sets them). */
    @WithDefault("otp")
    Set<String> requiredAmr();
}
