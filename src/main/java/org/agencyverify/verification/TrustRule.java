package org.agencyverify.verification;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.agencyverify.risk.RiskDecision;
import org.agencyverify.risk.RiskPolicy;

/**
 * The trust rule, in its order (README "Trust rule"): 1 the domain is proved by an ACTIVE agency, 2 the
 * email is an ACTIVE officer of it, 3 the credentials are the officer's, 5 the risk policy allows it, and
 * 4 contacts the agency registered can be asked, as many as the purpose needs. Plain Java: the service
 * gathers the facts and stores the decision. A refusal names the first check that failed; a later
 * fact is asked for only when every earlier check held, so a stranger's start never triggers a risk
 * finding and a refused start never chooses a contact.
 */
public final class TrustRule {

    /** Checks 1 and 2 as read: the claimed domain, its agency and the officer the email names. */
    public record Standing(boolean domainKnown, boolean domainProved, boolean agencyActive, boolean emailAtDomain,
            boolean officerOfAgency, boolean officerActive) {}

    /**
     * Everything the rule decides on. {@code credentialRefusal} is check 3's verdict (null: passed);
     * {@code risk} and {@code eligibleContacts} are gathered only when they are reached.
     */
    public record Facts(Standing standing, String credentialRefusal, PurposePolicy policy, int agencyEmergencyApprovers,
            Supplier<RiskPolicy.Assessment> risk, Supplier<List<ContactSelection.Candidate>> eligibleContacts) {}

    /** The outcome: a refusal with its reason, or the contacts to ask and how many must approve. */
    public record Decision(String refusal, RiskPolicy.Assessment assessment, List<ContactSelection.Candidate> contacts,
            int approvalsNeeded) {

        static Decision refused(String reason, RiskPolicy.Assessment assessment) {
            return new Decision(reason, assessment, List.of(), 0);
        }

        public boolean refused() {
            return refusal != null;
        }
    }

    /**
     * What the rule decides on for a request that arrived by email (CIBA): only check 1 (the sender's
     * domain), then check 4. Nobody authenticated the sender, so checks 2, 3 and 5 cannot be made; the
     * contacts are asked whether the sender is theirs and sent it, and the token says that this is all
     * that was proved. Whether the address is an enrolled officer's never changes the decision here, so
     * the portal cannot learn it from the answer.
     */
    public record SenderFacts(boolean domainKnown, boolean domainProved, boolean agencyActive, PurposePolicy policy,
            int agencyEmergencyApprovers, Supplier<List<ContactSelection.Candidate>> eligibleContacts) {}

    private TrustRule() {}

    /** Check 1 then check 4 for an emailed request: the refusal names the first that failed. */
    public static Decision decideSender(SenderFacts facts) {
        if (!facts.domainKnown()) {
            return Decision.refused("domain-unknown", null);
        }
        if (!facts.domainProved()) {
            return Decision.refused("domain-not-proved", null);
        }
        if (!facts.agencyActive()) {
            return Decision.refused("agency-not-active", null);
        }
        int approvers = facts.policy().approvers(facts.agencyEmergencyApprovers());
        return ContactSelection.select(facts.policy(), approvers, facts.eligibleContacts().get(), false)
                .map(chosen -> new Decision(null, null, chosen.contacts(), chosen.approvalsNeeded()))
                .orElseGet(() -> Decision.refused("no-eligible-contact", null));
    }

    /** Checks 1 and 2: the first that fails, by name; empty when both hold. */
    public static Optional<String> standing(Standing s) {
        if (!s.domainKnown()) {
            return Optional.of("domain-unknown");
        }
        if (!s.domainProved()) {
            return Optional.of("domain-not-proved");
        }
        if (!s.agencyActive()) {
            return Optional.of("agency-not-active");
        }
        if (!s.emailAtDomain()) {
            return Optional.of("email-not-at-domain");
        }
        if (!s.officerOfAgency()) {
            return Optional.of("officer-unknown");
        }
        if (!s.officerActive()) {
            return Optional.of("officer-not-active");
        }
        return Optional.empty();
    }

    public static Decision decide(Facts facts) {
        Optional<String> standing = standing(facts.standing());
        if (standing.isPresent()) {
            return Decision.refused(standing.get(), null);
        }
        if (facts.credentialRefusal() != null) {
            return Decision.refused(facts.credentialRefusal(), null);
        }
        // Check 5 before check 4: no contact is bothered for a start the risk policy refuses.
        RiskPolicy.Assessment assessment = facts.risk().get();
        if (assessment.decision() == RiskDecision.DENY) {
            return Decision.refused("risk-denied", assessment);
        }
        if (assessment.decision() == RiskDecision.SUSPEND_OFFICER) {
            return Decision.refused("risk-officer-suspended", assessment);
        }
        int approvers = facts.policy().approvers(facts.agencyEmergencyApprovers());
        Optional<ContactSelection.Selection> chosen = ContactSelection.select(facts.policy(), approvers,
                facts.eligibleContacts().get(), assessment.decision() == RiskDecision.MORE_CONFIRMATION);
        if (chosen.isEmpty()) {
            return Decision.refused("no-eligible-contact", assessment);
        }
        return new Decision(null, assessment, chosen.get().contacts(), chosen.get().approvalsNeeded());
    }
}
