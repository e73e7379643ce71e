package org.agencyverify.common.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Applies {@link AdminSignInRule} to every authenticated request, at the source: the roles a token may
 * not use are taken out of the identity, so no endpoint, present or future, can forget the rule. The
 * roles withheld until a step-up are kept as an attribute, so the answer can be RFC 9470's 401
 * challenge instead of a plain 403.
 */
@ApplicationScoped
public class AdminRoleAugmentor implements SecurityIdentityAugmentor {

    /** Attribute: the admin roles this token has but may use only after a fresh, strong sign-in. */
    public static final String WITHHELD_UNTIL_STEP_UP = "agency-verify.withheld-until-step-up";

    private final AdminSignInConfig config;

    AdminRoleAugmentor(AdminSignInConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                || Collections.disjoint(identity.getRoles(), AdminSignInRule.ADMIN_ROLES)) {
            return Uni.createFrom().item(identity);
        }
        AdminSignInRule.Decision decision = AdminSignInRule.judge(identity.getRoles(), TokenClaims.signIn(token),
                config.strongAmr(), config.maxAuthAge(), Instant.now());
        if (!decision.withholdsAny()) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = new LinkedHashSet<>(identity.getRoles());
        roles.removeAll(decision.untilStepUp());
        roles.removeAll(decision.never());
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(WITHHELD_UNTIL_STEP_UP, decision.untilStepUp())
                .addRoles(roles)
                .addPermissionChecker(identity::checkPermission)
                .build());
    }

    /** The admin roles the request's identity has been refused until a step-up (empty for everyone else). */
    @SuppressWarnings("unchecked")
    public static Set<String> withheldUntilStepUp(SecurityIdentity identity) {
        Object withheld = identity.getAttribute(WITHHELD_UNTIL_STEP_UP);
        return withheld instanceof Set<?> set ? (Set<String>) set : Set.of();
    }
}
