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
import org.agencyverify.common.purpose.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state machine, the purpose policy and contact selection: plain Java, no Quarkus (token rules: TokenRulesTest). */
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
                Set.of("otp", "mfa", "hwk", "webauthn"), Set.of(), Set.of(), ContactLevel.STANDARD, Duration.ofHours(24));
    }

    static PurposePolicy emergency() {
        return new PurposePolicy(Purpose.EMERGENCY, Set.of(CredentialKind.TOKEN), Duration.ofMinutes(5),
                Set.of("hwk", "webauthn"), Set.of("phr"), Set.of("hwk", "sc"), ContactLevel.SUPERVISOR, Duration.ofMinutes(15));
    }

    @Test
    void emergencyRefusesPasswordAndOtpAndNeedsPhishingResistance() {
        PurposePolicy policy = emergency();
        assertFalse(policy.accepts(CredentialKind.PASSWORD_OTP));
        assertTrue(policy.accepts(CredentialKind.TOKEN));
        assertFalse(policy.strongDirect(Set.of("pwd", "otp")));
        assertTrue(policy.strongDirect(Set.of("pwd", "hwk")));
        assertTrue(policy.strongFederated("phr", Set.of("hwk")));
        assertTrue(policy.strongFederated("phr", Set.of("sc", "pin")));
        assertFalse(policy.strongFederated("phr", Set.of("pwd", "otp")), "the agency's amr must name a method the tier demands");
        assertFalse(policy.strongFederated("phr", Set.of()), "nor none at all");
        assertFalse(policy.strongFederated("1", Set.of("hwk")), "a federated sign-in is judged by the acr the config lists");
        assertFalse(policy.strongFederated(null, Set.of("hwk")));
        PurposePolicy unlisted = new PurposePolicy(Purpose.EMERGENCY, Set.of(CredentialKind.TOKEN), Duration.ofMinutes(5),
                Set.of("hwk"), Set.of(), Set.of(), ContactLevel.SUPERVISOR, Duration.ofMinutes(15));
        assertFalse(unlisted.strongFederated("anything", Set.of("hwk")), "no listed acr: no federated emergency at all");
    }

    @Test
    void standardPurposesTakePasswordAndOtpOrMfaTokens() {
        PurposePolicy policy = standard(Purpose.SUBPOENA);
        assertTrue(policy.accepts(CredentialKind.PASSWORD_OTP));
        assertTrue(policy.strongDirect(Set.of("pwd", "otp")));
        assertFalse(policy.strongDirect(Set.of("pwd")));
        assertTrue(policy.strongFederated("urn:agency:mfa", Set.of()), "any acr the IdP was linked with; no method demanded");
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
                Set.of(), Set.of(), Set.of(), ContactLevel.STANDARD, Duration.ZERO));
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
