package org.agencyverify.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminSignInRuleTest {

    private static final Set<String> STRONG = Set.of("otp", "hwk", "webauthn");
    private static final Duration MAX_AGE = Duration.ofHours(1);
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Set<String> OPERATOR = Set.of(Roles.OPERATOR);
    private static final Set<String> AGENCY_ADMIN = Set.of(Roles.AGENCY_ADMIN, Roles.OFFICER);

    private static SignInFacts local(Set<String> amr, Instant authTime) {
        return new SignInFacts(amr, authTime, null, Set.of(), null);
    }

    private static SignInFacts federated(Set<String> brokerAmr, Instant brokerTime, Set<String> idpAmr, Instant idpTime) {
        return new SignInFacts(brokerAmr, brokerTime, "agency-idp", idpAmr, idpTime);
    }

    private static AdminSignInRule.Decision judge(Set<String> roles, SignInFacts facts) {
        return AdminSignInRule.judge(roles, facts, STRONG, MAX_AGE, NOW);
    }

    @Test
    void aRecentSignInWithASecondFactorKeepsEveryRole() {
        assertFalse(judge(OPERATOR, local(Set.of("pwd", "otp"), NOW.minusSeconds(60))).withholdsAny());
        assertFalse(judge(AGENCY_ADMIN, local(Set.of("hwk"), NOW.minus(MAX_AGE))).withholdsAny());
    }

    @Test
    void aPasswordOnlySignInWithholdsTheAdminRolesUntilAStepUp() {
        AdminSignInRule.Decision decision = judge(Set.of(Roles.OPERATOR, Roles.AGENCY_ADMIN, Roles.OFFICER),
                local(Set.of("pwd"), NOW.minusSeconds(5)));
        assertEquals(Set.of(Roles.OPERATOR, Roles.AGENCY_ADMIN), decision.untilStepUp());
        assertEquals(Set.of(), decision.never());
        assertEquals(Set.of(Roles.OPERATOR), judge(OPERATOR, local(Set.of(), NOW)).untilStepUp(), "no amr at all");
    }

    @Test
    void anOldOrMissingOrFutureSignInTimeWithholdsThemToo() {
        assertEquals(OPERATOR, judge(OPERATOR, local(Set.of("otp"), NOW.minus(MAX_AGE).minusSeconds(1))).untilStepUp());
        assertEquals(OPERATOR, judge(OPERATOR, local(Set.of("otp"), null)).untilStepUp());
        assertEquals(OPERATOR, judge(OPERATOR, local(Set.of("otp"), NOW.plusSeconds(120))).untilStepUp());
        assertFalse(judge(OPERATOR, local(Set.of("otp"), NOW.plusSeconds(20))).withholdsAny(), "clock skew tolerated");
    }

    @Test
    void otherRolesAreNeverTouched() {
        assertFalse(judge(Set.of(Roles.PORTAL), local(Set.of(), null)).withholdsAny());
        assertFalse(judge(Set.of(Roles.OFFICER, Roles.CONTACT), local(Set.of("pwd"), NOW)).withholdsAny());
    }

    @Test
    void operatorRightsNeverComeThroughAnAgencyIdentityProvider() {
        AdminSignInRule.Decision decision = judge(OPERATOR, federated(Set.of("otp"), NOW, Set.of("hwk"), NOW));
        assertEquals(OPERATOR, decision.never());
        assertEquals(Set.of(), decision.untilStepUp(), "no step-up can give them back");
    }

    @Test
    void aFederatedAgencyAdminIsJudgedByTheUpstreamSignInNotByKeycloaksBrokerSession() {
        // Keycloak's broker session is fresh and names a method, the agency's own sign-in was a password hours ago.
        assertEquals(Set.of(Roles.AGENCY_ADMIN), judge(AGENCY_ADMIN,
                federated(Set.of("otp"), NOW, Set.of("pwd"), NOW.minusSeconds(5))).untilStepUp());
        assertEquals(Set.of(Roles.AGENCY_ADMIN), judge(AGENCY_ADMIN,
                federated(Set.of("otp"), NOW, Set.of("hwk"), NOW.minus(Duration.ofHours(3)))).untilStepUp());
        assertEquals(Set.of(Roles.AGENCY_ADMIN), judge(AGENCY_ADMIN,
                federated(Set.of("otp"), NOW, Set.of(), null)).untilStepUp(), "the IdP said nothing of its sign-in");
        assertFalse(judge(AGENCY_ADMIN, federated(Set.of(), null, Set.of("pwd", "hwk"), NOW.minusSeconds(30))).withholdsAny());
    }
}
