package org.agencyverify.risk;

/** What the risk policy makes of a verification's findings, from the mildest to the strongest. */
public enum RiskDecision {
    /** Nothing stands against it: the purpose's own confirmation. */
    ALLOW,
    /** Supervisor-level contacts only, and two approvers where the agency has two supervisors. */
    MORE_CONFIRMATION,
    /** Stored REJECTED with the uniform refusal; the reason goes to the audit log. */
    DENY,
    /** Refused as DENY, and the officer is suspended pending the agency, whose contacts are told. */
    SUSPEND_OFFICER;

    public RiskDecision atLeast(RiskDecision other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
