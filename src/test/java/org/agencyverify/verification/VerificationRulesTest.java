package org.agencyverify.verification;

import static org.agencyverify.verification.VerificationState.APPROVED;
import static org.agencyverify.verification.VerificationState.DENIED;
import static org.agencyverify.verification.VerificationState.EXPIRED;
import static org.agencyverify.verification.VerificationState.PENDING_CONFIRMATION;
import static org.agencyverify.verification.VerificationState.REJECTED;
import static org.agencyverify.verification.VerificationState.TOKEN_ISSUED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state machine, the purpose policy, token rules and contact selection: plain Java, no Quarkus. */
class VerificationRulesTest {

    /** The whole rule, written out once: every pair not listed here is forbidden. */
    private static final Set<List<VerificationState>> ALLOWED = Set.of(
            List.of(PENDING_CONFIRMATION, APPROVED),
            List.of(PENDING_CONFIRMATION, DENIED),
            List.of(PENDING_CONFIRMATION, EXPIRED),
            List.of(APPROVED, TOKEN_ISSUED),
            List.of(APPROVED, EXPIRED));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (VerificationState from : VerificationState.values()) {
            for (VerificationState to : VerificationState.values()) {
                pairs.add(Arguments.of(from, to, ALLOWED.contains(List.of(from, to))));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void transitionRuleForEveryPair(VerificationState from, VerificationState to, boolean allowed) {
        assertEquals(allowed, from.canMoveTo(to));
        if (allowed) {
            assertEquals(to, from.moveTo(to));
        } else {
            assertThrows(IllegalStateException.class, () -> from.moveTo(to));
        }
    }

    @Test
    void terminalStatesAreFinalAndNothingMovesBackwards() {
        assertEquals(EnumSet.of(TOKEN_ISSUED, DENIED, EXPIRED, REJECTED),
                EnumSet.copyOf(Stream.of(VerificationState.values()).filter(VerificationState::isTerminal).toList()));
        for (VerificationState state : VerificationState.values()) {
            assertFalse(state.canMoveTo(PENDING_CONFIRMATION), state + " back to pending");
            assertFalse(state.canMoveTo(REJECTED), "REJECTED is only ever an initial state");
        }
        assertEquals(EnumSet.of(PENDING_CONFIRMATION, REJECTED), VerificationState.initial());
    }

    static PurposePolicy standard(Purpose purpose) {
        return new PurposePolicy(purpose, Set.of(CredentialKind.PASSWORD_OTP, CredentialKind.TOKEN), Duration.ofMinutes(10),
                Set.of("otp", "mfa", "hwk", "webauthn"), Set.of(), ContactLevel.STANDARD, Duration.ofHours(24));
    }

    static PurposePolicy emergency() {
        return new PurposePolicy(Purpose.EMERGENCY, Set.of(CredentialKind.TOKEN), Duration.ofMinutes(5),
                Set.of("hwk", "webauthn"), Set.of("phr"), ContactLevel.SUPERVISOR, Duration.ofMinutes(15));
    }

    @Test
    void emergencyRefusesPasswordAndOtpAndNeedsPhishingResistance() {
        PurposePolicy policy = emergency();
        assertFalse(policy.accepts(CredentialKind.PASSWORD_OTP));
        assertTrue(policy.accepts(CredentialKind.TOKEN));
        assertFalse(policy.strongEnough(Set.of("pwd", "otp"), "1", false));
        assertTrue(policy.strongEnough(Set.of("pwd", "hwk"), "1", false));
        assertTrue(policy.strongEnough(Set.of(), "phr", true));
        assertFalse(policy.strongEnough(Set.of("hwk"), "1", true), "a federated sign-in is judged by the acr the config lists");
        PurposePolicy unlisted = new PurposePolicy(Purpose.EMERGENCY, Set.of(CredentialKind.TOKEN), Duration.ofMinutes(5),
                Set.of("hwk"), Set.of(), ContactLevel.SUPERVISOR, Duration.ofMinutes(15));
        assertFalse(unlisted.strongEnough(Set.of(), "anything", true), "no listed acr: no federated emergency at all");
    }

    @Test
    void standardPurposesTakePasswordAndOtpOrMfaTokens() {
        PurposePolicy policy = standard(Purpose.SUBPOENA);
        assertTrue(policy.accepts(CredentialKind.PASSWORD_OTP));
        assertTrue(policy.strongEnough(Set.of("pwd", "otp"), null, false));
        assertFalse(policy.strongEnough(Set.of("pwd"), "1", false));
        assertTrue(policy.strongEnough(Set.of(), null, true), "any acr of the agency's own IdP");
    }

    @Test
    void approversAreTwoOnlyForEmergenciesOfAgenciesThatAskForIt() {
        assertEquals(1, standard(Purpose.COURT_ORDER).approvers(2));
        assertEquals(2, emergency().approvers(2));
        assertEquals(1, emergency().approvers(1));
        assertEquals(1, emergency().approvers(0));
        assertEquals(2, emergency().approvers(7));
    }

    @Test
    void policyNeedsAPositiveDeadline() {
        assertThrows(IllegalArgumentException.class, () -> new PurposePolicy(Purpose.SUBPOENA, Set.of(), Duration.ofMinutes(1),
                Set.of(), Set.of(), ContactLevel.STANDARD, Duration.ZERO));
    }

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static Optional<String> token(String sub, Instant authTime, String acr, Set<String> amr, String idp, PurposePolicy policy) {
        return TokenRules.check(new TokenRules.Facts(sub, authTime, acr, amr, idp), "officer-1", "agency-idp"::equals, policy, NOW);
    }

    @Test
    void tokenRules() {
        PurposePolicy subpoena = standard(Purpose.SUBPOENA);
        Instant fresh = NOW.minusSeconds(60);
        assertEquals(Optional.empty(), token("officer-1", fresh, "1", Set.of("pwd", "otp"), null, subpoena));
        assertEquals(Optional.empty(), token("officer-1", fresh, "1", Set.of(), "agency-idp", subpoena));
        assertEquals(Optional.of("token-subject-mismatch"), token("officer-2", fresh, "1", Set.of("otp"), null, subpoena));
        assertEquals(Optional.of("token-foreign-identity-provider"), token("officer-1", fresh, "1", Set.of("otp"), "other-idp", subpoena));
        assertEquals(Optional.of("token-without-auth-time"), token("officer-1", null, "1", Set.of("otp"), null, subpoena));
        assertEquals(Optional.of("token-auth-time-stale"), token("officer-1", NOW.minus(Duration.ofMinutes(11)), "1", Set.of("otp"), null, subpoena));
        assertEquals(Optional.of("token-auth-time-stale"), token("officer-1", NOW.plusSeconds(120), "1", Set.of("otp"), null, subpoena));
        assertEquals(Optional.of("token-authentication-too-weak"), token("officer-1", fresh, "1", Set.of("pwd"), null, subpoena));
        assertEquals(Optional.of("token-authentication-too-weak"), token("officer-1", fresh, "1", Set.of("pwd", "otp"), null, emergency()));
        assertEquals(Optional.empty(), token("officer-1", fresh, "1", Set.of("hwk"), null, emergency()));
        assertEquals(Optional.of("token-auth-time-stale"), token("officer-1", NOW.minus(Duration.ofMinutes(6)), "1", Set.of("hwk"), null, emergency()));
    }

    @Test
    void contactSelectionFollowsThePolicyOnly() {
        var standardContact = new ContactSelection.Candidate(UUID.fromString("00000000-0000-0000-0000-000000000001"), ContactLevel.STANDARD, "EMAIL");
        var supervisor = new ContactSelection.Candidate(UUID.fromString("00000000-0000-0000-0000-000000000002"), ContactLevel.SUPERVISOR, "WEBHOOK");
        var supervisor2 = new ContactSelection.Candidate(UUID.fromString("00000000-0000-0000-0000-000000000003"), ContactLevel.SUPERVISOR, "EMAIL");
        assertEquals(Optional.of(List.of(standardContact, supervisor)),
                ContactSelection.select(standard(Purpose.SUBPOENA), 1, List.of(supervisor, standardContact)));
        assertEquals(Optional.of(List.of(supervisor)), ContactSelection.select(emergency(), 1, List.of(standardContact, supervisor)));
        assertEquals(Optional.empty(), ContactSelection.select(emergency(), 2, List.of(standardContact, supervisor)));
        assertEquals(Optional.of(List.of(supervisor, supervisor2)), ContactSelection.select(emergency(), 2, List.of(supervisor2, supervisor)));
        assertEquals(Optional.empty(), ContactSelection.select(standard(Purpose.SUBPOENA), 1, List.of()));
    }

    @Test
    void moreConfirmationAsksSupervisorsOnlyAndTwoWhereThereAreTwo() {
        var standardContact = new ContactSelection.Candidate(UUID.fromString("00000000-0000-0000-0000-000000000001"), ContactLevel.STANDARD, "EMAIL");
        var supervisor = new ContactSelection.Candidate(UUID.fromString("00000000-0000-0000-0000-000000000002"), ContactLevel.SUPERVISOR, "WEBHOOK");
        var supervisor2 = new ContactSelection.Candidate(UUID.fromString("00000000-0000-0000-0000-000000000003"), ContactLevel.SUPERVISOR, "EMAIL");
        assertEquals(Optional.of(new ContactSelection.Selection(List.of(standardContact, supervisor), 1)),
                ContactSelection.select(standard(Purpose.SUBPOENA), 1, List.of(supervisor, standardContact), false));
        assertEquals(Optional.of(new ContactSelection.Selection(List.of(supervisor), 1)),
                ContactSelection.select(standard(Purpose.SUBPOENA), 1, List.of(supervisor, standardContact), true));
        assertEquals(Optional.of(new ContactSelection.Selection(List.of(supervisor, supervisor2), 2)),
                ContactSelection.select(standard(Purpose.SUBPOENA), 1, List.of(supervisor2, standardContact, supervisor), true));
        assertEquals(Optional.empty(), ContactSelection.select(standard(Purpose.SUBPOENA), 1, List.of(standardContact), true));
        assertEquals(Optional.empty(), ContactSelection.select(emergency(), 2, List.of(standardContact, supervisor), true));
        assertEquals(Optional.of(new ContactSelection.Selection(List.of(supervisor, supervisor2), 2)),
                ContactSelection.select(emergency(), 1, List.of(supervisor2, supervisor), true));
    }

    @Test
    void purposesParseExactlyAndMatchTheValidationPattern() {
        for (Purpose purpose : Purpose.values()) {
            assertTrue(purpose.name().matches(Purpose.PATTERN));
            assertEquals(Optional.of(purpose), Purpose.parse(purpose.name()));
        }
        assertEquals(Optional.empty(), Purpose.parse("emergency"));
    }
}
