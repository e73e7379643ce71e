package org.agencyverify.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ResourceInfo;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a refused call would pass after a fresh, strong sign-in (the caller's admin role was withheld
 * by {@link AdminRoleAugmentor} and the endpoint admits that role): then the answer is RFC 9470's
 * {@code insufficient_user_authentication} challenge rather than a 403.
 */
@ApplicationScoped
public class StepUpChallenge {

    private final SecurityIdentity identity;
    private final AdminSignInConfig config;

    StepUpChallenge(SecurityIdentity identity, AdminSignInConfig config) {
        this.identity = identity;
        this.config = config;
    }

    /** The {@code WWW-Authenticate} value to answer with, if a step-up would help. */
    public Optional<String> forRefusal(ResourceInfo resource) {
        Set<String> withheld = AdminRoleAugmentor.withheldUntilStepUp(identity);
        if (withheld.isEmpty() || resource == null || resource.getResourceClass() == null) {
            return Optional.empty();
        }
        RolesAllowed allowed = resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(RolesAllowed.class)
                ? resource.getResourceMethod().getAnnotation(RolesAllowed.class)
                : resource.getResourceClass().getAnnotation(RolesAllowed.class);
        if (allowed == null || Arrays.stream(allowed.value()).noneMatch(withheld::contains)) {
            return Optional.empty();
        }
        return Optional.of("Bearer error=\"insufficient_user_authentication\", error_description=\"A recent sign-in with a"
                + " second factor is required\", max_age=\"" + config.maxAuthAge().toSeconds() + "\"");
    }
}
