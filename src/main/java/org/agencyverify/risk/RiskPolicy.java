package org.agencyverify.risk;

import java.util.List;

/**
 * Maps findings to a decision (plain Java, no framework). Every finding here comes from a request
 * whose credentials Keycloak already accepted, so nothing an outsider can do suspends an officer.
 * The strongest decision of any finding wins; many findings that each only ask for more confirmation
 * together deny.
 *
 * @param findingsDenyAt       this many findings, each asking for more confirmation, deny instead
 * @param portalRefusalsDenyAt this many refusals by portals of the officer's earlier tokens deny
 */
public record RiskPolicy(int findingsDenyAt, int portalRefusalsDenyAt) {

    /** The decision and the findings it rests on. */
    public record Assessment(RiskDecision decision, List<Finding> findings) {
        public Assessment {
            findings = List.copyOf(findings);
        }

        public List<String> names() {
            return findings.stream().map(Finding::name).toList();
        }
    }

    public RiskPolicy {
        if (findingsDenyAt < 2 || portalRefusalsDenyAt < 1) {
            throw new IllegalArgumentException("findingsDenyAt must be at least 2 and portalRefusalsDenyAt at least 1");
        }
    }

    public Assessment assess(List<Finding> findings) {
        RiskDecision decision = RiskDecision.ALLOW;
        for (Finding finding : findings) {
            decision = decision.atLeast(decide(finding));
        }
        if (decision == RiskDecision.MORE_CONFIRMATION && findings.size() >= findingsDenyAt) {
            decision = RiskDecision.DENY;
        }
        return new Assessment(decision, findings);
    }

    /** What one finding alone asks for. */
    public RiskDecision decide(Finding finding) {
        return switch (finding.signal()) {
            // Only someone holding the officer's credentials gets this far: a spray of fake emergency
            // requests is the pattern of a stolen account, and stopping the account is what helps.
            case EMERGENCY_SPREAD -> RiskDecision.SUSPEND_OFFICER;
            // The mailbox was reported compromised: no confirmation makes it trustworthy again.
            case OFFICER_COMPROMISE_REPORT -> RiskDecision.DENY;
            // Raised on the emailed request the officer disowned, which is denied with it.
            case MAILBOX_DISOWNED -> RiskDecision.DENY;
            case PORTAL_REFUSED -> finding.count() >= portalRefusalsDenyAt ? RiskDecision.DENY : RiskDecision.MORE_CONFIRMATION;
            case VELOCITY, NEW_NETWORK, CONTACT_CHANGE, IDP_CHANGE, DOMAIN_PROOF_LOST, AGENCY_COMPROMISE_REPORT,
                    CREDENTIAL_FAILURES -> RiskDecision.MORE_CONFIRMATION;
        };
    }
}
