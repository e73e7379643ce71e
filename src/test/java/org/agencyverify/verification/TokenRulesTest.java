package org.agencyverify.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.verification.TokenRules.Facts;
import org.agencyverify.verification.TokenRules.Upstream;
import org.junit.jupiter.api.Test;

/** The checks on an officer's token: plain Java, no Quarkus. */
class TokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Instant FRESH = NOW.minusSeconds(60);
    private static final String CLI = "agency-verify-cli";
    private static final String MFA = "urn:agency:mfa";
    /** The officer's agency linked two IdPs: one with the acr values it accepts, one (older) without any. */
    private static final Map<String, Set<String>> AGENCY_IDPS = Map.of("agency-idp", Set.of(MFA, "phr"), "bare-idp", Set.of());

    private static final PurposePolicy SUBPOENA = VerificationRulesTest.standard(Purpose.SUBPOENA);
    private static final PurposePolicy EMERGENCY = VerificationRulesTest.emergency();

    private static Optional<String> check(Facts token, PurposePolicy policy) {
        return TokenRules.check(token, "officer-1", alias -> Optional.ofNullable(AGENCY_IDPS.get(alias)), Set.of(CLI), policy, NOW);
    }

    private static Facts direct(String subject, Instant authTime, Set<String> amr) {
        return new Facts(subject, authTime, "1", amr, null, CLI, null);
    }

    /** Keycloak's own facts are fresh and strong-looking on purpose: they must play no part. */
    private static Facts federated(String idp, Upstream upstream) {
        return new Facts("officer-1", NOW, "phr", Set.of("hwk"), idp, CLI, upstream);
    }

    @Test
    void aDirectSignInIsJudgedByKeycloaksFacts() {
        assertEquals(Optional.empty(), check(direct("officer-1", FRESH, Set.of("pwd", "otp")), SUBPOENA));
        assertEquals(Optional.of("token-subject-mismatch"), check(direct("officer-2", FRESH, Set.of("otp")), SUBPOENA));
        assertEquals(Optional.of("token-without-auth-time"), check(direct("officer-1", null, Set.of("otp")), SUBPOENA));
        assertEquals(Optional.of("token-auth-time-stale"), check(direct("officer-1", NOW.minus(Duration.ofMinutes(11)), Set.of("otp")), SUBPOENA));
        assertEquals(Optional.of("token-auth-time-stale"), check(direct("officer-1", NOW.plusSeconds(120), Set.of("otp")), SUBPOENA));
        assertEquals(Optional.of("token-authentication-too-weak"), check(direct("officer-1", FRESH, Set.of("pwd")), SUBPOENA));
        assertEquals(Optional.of("token-authentication-too-weak"), check(direct("officer-1", FRESH, Set.of("pwd", "otp")), EMERGENCY));
        assertEquals(Optional.empty(), check(direct("officer-1", FRESH, Set.of("hwk")), EMERGENCY));
        assertEquals(Optional.of("token-auth-time-stale"), check(direct("officer-1", NOW.minus(Duration.ofMinutes(6)), Set.of("hwk")), EMERGENCY));
    }

    @Test
    void onlyClientsAllowedToProduceOfficerTokensCount() {
        Facts otherClient = new Facts("officer-1", FRESH, "1", Set.of("otp"), null, "emergency-console", null);
        assertEquals(Optional.of("token-client-not-allowed"), check(otherClient, SUBPOENA));
        assertEquals(Optional.of("token-client-not-allowed"), check(new Facts("officer-1", FRESH, "1", Set.of("otp"), null, null, null), SUBPOENA));
        Facts federatedOther = new Facts("officer-1", NOW, "1", Set.of(), "agency-idp", "emergency-console", new Upstream(FRESH, MFA, Set.of()));
        assertEquals(Optional.of("token-client-not-allowed"), check(federatedOther, SUBPOENA));
    }

    /** The officer's page of an emailed request judges the sign-in alone: its user and its client are checked there. */
    @Test
    void aSignInAloneIsJudgedByTheSameRulesWhateverItsClient() {
        Facts page = new Facts("officer-1", FRESH, "1", Set.of("pwd", "otp"), null, "agency-verify-approval", null);
        assertEquals(Optional.empty(), signIn(page, SUBPOENA));
        assertEquals(Optional.of("token-authentication-too-weak"), signIn(page, EMERGENCY));
        Facts federatedPage = new Facts("officer-1", NOW, null, Set.of(), "agency-idp", "agency-verify-approval",
                new Upstream(FRESH, MFA, Set.of("pwd", "otp")));
        assertEquals(Optional.empty(), signIn(federatedPage, SUBPOENA));
        assertEquals(Set.of("pwd", "otp"), federatedPage.provedAmr(), "the agency's methods are the ones proved");
        assertEquals(Optional.of("token-foreign-identity-provider"), signIn(new Facts("officer-1", NOW, null, Set.of(), "other-agencys-idp",
                "agency-verify-approval", new Upstream(FRESH, MFA, Set.of("pwd", "otp"))), SUBPOENA));
        assertEquals(Optional.of("token-idp-auth-time-stale"), signIn(new Facts("officer-1", NOW, null, Set.of(), "agency-idp",
                "agency-verify-approval", new Upstream(NOW.minus(Duration.ofHours(1)), MFA, Set.of("pwd", "otp"))), SUBPOENA));
    }

    private static Optional<String> signIn(Facts token, PurposePolicy policy) {
        return TokenRules.signIn(token, alias -> Optional.ofNullable(AGENCY_IDPS.get(alias)), policy, NOW);
    }

    @Test
    void aFederatedSignInIsJudgedByTheAgencysOwnFacts() {
        assertEquals(Optional.empty(), check(federated("agency-idp", new Upstream(FRESH, MFA, Set.of("pwd", "otp"))), SUBPOENA));
        assertEquals(Optional.of("token-foreign-identity-provider"),
                check(federated("other-agencys-idp", new Upstream(FRESH, MFA, Set.of())), SUBPOENA));
        assertEquals(Optional.of("token-without-idp-auth-time"), check(federated("agency-idp", new Upstream(null, MFA, Set.of())), SUBPOENA),
                "Keycloak's fresh auth_time does not stand in for the agency's");
        assertEquals(Optional.of("token-idp-auth-time-stale"),
                check(federated("agency-idp", new Upstream(NOW.minus(Duration.ofHours(1)), MFA, Set.of())), SUBPOENA));
        assertEquals(Optional.of("token-idp-auth-time-stale"),
                check(federated("agency-idp", new Upstream(NOW.plusSeconds(120), MFA, Set.of())), SUBPOENA));
        assertEquals(Optional.of("token-idp-acr-not-accepted"),
                check(federated("agency-idp", new Upstream(FRESH, "urn:agency:password", Set.of())), SUBPOENA));
        assertEquals(Optional.of("token-idp-acr-not-accepted"), check(federated("agency-idp", new Upstream(FRESH, null, Set.of())), SUBPOENA),
                "Keycloak's acr does not stand in for the agency's");
        assertEquals(Optional.of("token-idp-acr-not-accepted"), check(federated("agency-idp", new Upstream(FRESH, " ", Set.of())), SUBPOENA));
    }

    @Test
    void anIdentityProviderLinkedWithoutAcceptedAcrVouchesForNoSignIn() {
        assertEquals(Optional.of("token-idp-without-accepted-acr"),
                check(federated("bare-idp", new Upstream(FRESH, MFA, Set.of("hwk"))), SUBPOENA));
    }

    @Test
    void anEmergencyNeedsTheAgencysPhishingResistantSignInWithinMinutes() {
        assertEquals(Optional.empty(), check(federated("agency-idp", new Upstream(FRESH, "phr", Set.of("hwk"))), EMERGENCY));
        assertEquals(Optional.of("token-authentication-too-weak"),
                check(federated("agency-idp", new Upstream(FRESH, MFA, Set.of("hwk"))), EMERGENCY), "accepted by the IdP, not listed for emergencies");
        assertEquals(Optional.of("token-authentication-too-weak"),
                check(federated("agency-idp", new Upstream(FRESH, "phr", Set.of("pwd", "otp"))), EMERGENCY), "no demanded method in idp_amr");
        assertEquals(Optional.of("token-idp-auth-time-stale"),
                check(federated("agency-idp", new Upstream(NOW.minus(Duration.ofMinutes(6)), "phr", Set.of("hwk"))), EMERGENCY));
    }
}
