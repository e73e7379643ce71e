package org.agencyverify.common.security;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which administrative roles a token may use: operators and agency admins act only after a recent
 * sign-in with a second factor, and operator rights never come through an agency's identity provider
 * (an agency IdP asserting an operator's email must not make its holder an operator). Plain Java: the
 * augmentor that applies it to every request is {@link AdminRoleAugmentor}.
 */
public final class AdminSignInRule {

    /** Roles that administer agencies or the whole service. */
    public static final Set<String> ADMIN_ROLES = Set.of(Roles.OPERATOR, Roles.AGENCY_ADMIN);

    /** Clock skew tolerated for an auth_time slightly in the future. */
    static final Duration SKEW = Duration.ofSeconds(30);

    /**
     * What the token may not use: {@code untilStepUp} comes back after a fresh, strong sign-in;
     * {@code never} does not come back with this kind of sign-in at all.
     */
    public record Decision(Set<String> untilStepUp, Set<String> never) {
        public Decision {
            untilStepUp = Set.copyOf(untilStepUp);
            never = Set.copyOf(never);
        }

        public boolean withholdsAny() {
            return !untilStepUp.isEmpty() || !never.isEmpty();
        }
    }

    private AdminSignInRule() {}

    public static Decision judge(Set<String> roles, SignInFacts signIn, Set<String> strongAmr, Duration maxAuthAge, Instant now) {
        Set<String> never = new LinkedHashSet<>();
        Set<String> untilStepUp = new LinkedHashSet<>();
        if (signIn.federated() && roles.contains(Roles.OPERATOR)) {
            never.add(Roles.OPERATOR);
        }
        if (!strongAndRecent(signIn, strongAmr, maxAuthAge, now)) {
            for (String role : ADMIN_ROLES) {
                if (roles.contains(role) && !never.contains(role)) {
                    untilStepUp.add(role);
                }
            }
        }
        return new Decision(untilStepUp, never);
    }

    private static boolean strongAndRecent(SignInFacts signIn, Set<String> strongAmr, Duration maxAuthAge, Instant now) {
        Instant authTime = signIn.effectiveAuthTime();
        if (authTime == null || authTime.isAfter(now.plus(SKEW)) || authTime.isBefore(now.minus(maxAuthAge))) {
            return false;
        }
        return signIn.effectiveAmr().stream().anyMatch(strongAmr::contains);
    }
}
