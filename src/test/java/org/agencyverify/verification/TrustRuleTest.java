package org.agencyverify.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.risk.RiskDecision;
import org.agencyverify.risk.RiskPolicy;
import org.junit.jupiter.api.Test;

/** The trust rule on its own: the order of the checks, and which facts each outcome needed. Plain Java. */
class TrustRuleTest {

    private static final TrustRule.Standing HOLDS = new TrustRule.Standing(true, true, true, true, true, true);
    private static final ContactSelection.Candidate STANDARD = new ContactSelection.Candidate(UUID.randomUUID(),
            ContactLevel.STANDARD, "WEBHOOK");
    private static final ContactSelection.Candidate SUPERVISOR = new ContactSelection.Candidate(UUID.randomUUID(),
            ContactLevel.SUPERVISOR, "EMAIL");

    /** Records which later facts the rule asked for. */
    private final List<String> asked = new ArrayList<>();

    @Test
    void checksOneAndTwoNameTheFirstThatFails() {
        assertEquals(Optional.empty(), TrustRule.standing(HOLDS));
        assertEquals(Optional.of("domain-unknown"), TrustRule.standing(new TrustRule.Standing(false, false, false, false, false, false)));
        assertEquals(Optional.of("domain-not-proved"), TrustRule.standing(new TrustRule.Standing(true, false, true, true, true, true)));
        assertEquals(Optional.of("agency-not-active"), TrustRule.standing(new TrustRule.Standing(true, true, false, true, true, true)));
        assertEquals(Optional.of("email-not-at-domain"), TrustRule.standing(new TrustRule.Standing(true, true, true, false, true, true)));
        assertEquals(Optional.of("officer-unknown"), TrustRule.standing(new TrustRule.Standing(true, true, true, true, false, false)));
        assertEquals(Optional.of("officer-not-active"), TrustRule.standing(new TrustRule.Standing(true, true, true, true, true, false)));
    }

    @Test
    void aRefusedStandingOrCredentialAsksForNoRiskAndNoContact() {
        TrustRule.Decision standing = TrustRule.decide(facts(new TrustRule.Standing(true, true, true, true, false, false), null,
                RiskDecision.ALLOW, List.of(STANDARD)));
        assertEquals("officer-unknown", standing.refusal());
        TrustRule.Decision credentials = TrustRule.decide(facts(HOLDS, "invalid-credentials", RiskDecision.ALLOW, List.of(STANDARD)));
        assertEquals("invalid-credentials", credentials.refusal());
        assertNull(credentials.assessment());
        assertEquals(List.of(), asked, "a stranger's start triggers no risk finding and chooses no contact");
    }

    @Test
    void standingIsJudgedBeforeTheCredentialVerdict() {
        TrustRule.Decision d = TrustRule.decide(facts(new TrustRule.Standing(true, false, true, true, true, true),
                "invalid-credentials", RiskDecision.ALLOW, List.of(STANDARD)));
        assertEquals("domain-not-proved", d.refusal());
    }

    @Test
    void riskIsJudgedBeforeAnyContactIsChosen() {
        assertEquals("risk-denied", TrustRule.decide(facts(HOLDS, null, RiskDecision.DENY, List.of(STANDARD))).refusal());
        assertEquals("risk-officer-suspended",
                TrustRule.decide(facts(HOLDS, null, RiskDecision.SUSPEND_OFFICER, List.of(STANDARD))).refusal());
        assertEquals(List.of("risk", "risk"), asked, "no contact is chosen for a start the risk policy refuses");
    }

    @Test
    void passesWithTheContactsThePurposeNeeds() {
        TrustRule.Decision d = TrustRule.decide(facts(HOLDS, null, RiskDecision.ALLOW, List.of(STANDARD, SUPERVISOR)));
        assertFalse(d.refused());
        assertEquals(2, d.contacts().size());
        assertEquals(1, d.approvalsNeeded());
        assertEquals(List.of("risk", "contacts"), asked);
    }

    @Test
    void noEligibleContactIsARefusalWithItsAssessmentKept() {
        TrustRule.Decision d = TrustRule.decide(facts(HOLDS, null, RiskDecision.ALLOW, List.of()));
        assertEquals("no-eligible-contact", d.refusal());
        assertEquals(RiskDecision.ALLOW, d.assessment().decision());
    }

    @Test
    void moreConfirmationAsksSupervisorsOnly() {
        TrustRule.Decision onlyStandard = TrustRule.decide(facts(HOLDS, null, RiskDecision.MORE_CONFIRMATION, List.of(STANDARD)));
        assertEquals("no-eligible-contact", onlyStandard.refusal());
        TrustRule.Decision supervised = TrustRule.decide(facts(HOLDS, null, RiskDecision.MORE_CONFIRMATION,
                List.of(STANDARD, SUPERVISOR)));
        assertTrue(!supervised.refused() && supervised.contacts().equals(List.of(SUPERVISOR)));
    }

    @Test
    void anEmailedRequestIsJudgedOnItsDomainAloneThenTheContacts() {
        assertEquals("domain-unknown", TrustRule.decideSender(sender(false, false, false, List.of(STANDARD))).refusal());
        assertEquals("domain-not-proved", TrustRule.decideSender(sender(true, false, true, List.of(STANDARD))).refusal());
        assertEquals("agency-not-active", TrustRule.decideSender(sender(true, true, false, List.of(STANDARD))).refusal());
        assertEquals(List.of(), asked, "no contact is chosen for a sender whose domain no active agency proved");
        TrustRule.Decision d = TrustRule.decideSender(sender(true, true, true, List.of(STANDARD, SUPERVISOR)));
        assertFalse(d.refused());
        assertEquals(2, d.contacts().size());
        assertNull(d.assessment(), "nobody authenticated the sender: there is nothing for the risk policy to judge");
        assertEquals("no-eligible-contact", TrustRule.decideSender(sender(true, true, true, List.of())).refusal());
    }

    @Test
    void anEmailedEmergencyAsksSupervisorsOnly() {
        TrustRule.SenderFacts emergency = new TrustRule.SenderFacts(true, true, true,
                VerificationRulesTest.emergency(), 1,
                () -> List.of(STANDARD, SUPERVISOR));
        assertEquals(List.of(SUPERVISOR), TrustRule.decideSender(emergency).contacts());
    }

    private TrustRule.SenderFacts sender(boolean known, boolean proved, boolean active, List<ContactSelection.Candidate> contacts) {
        return new TrustRule.SenderFacts(known, proved, active, VerificationRulesTest.standard(Purpose.SUBPOENA), 1, () -> {
            asked.add("contacts");
            return contacts;
        });
    }

    private TrustRule.Facts facts(TrustRule.Standing standing, String credentialRefusal, RiskDecision risk,
            List<ContactSelection.Candidate> contacts) {
        Supplier<RiskPolicy.Assessment> assessment = () -> {
            asked.add("risk");
            return new RiskPolicy.Assessment(risk, List.of());
        };
        Supplier<List<ContactSelection.Candidate>> eligible = () -> {
            asked.add("contacts");
            return contacts;
        };
        return new TrustRule.Facts(standing, credentialRefusal, VerificationRulesTest.standard(Purpose.SUBPOENA), 1, assessment,
                eligible);
    }
}
