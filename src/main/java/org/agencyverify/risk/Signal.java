package org.agencyverify.risk;

/** The risk signals, each a named finding on a verification; the names are what portals see. */
public enum Signal {
    /** The officer started many verifications in a short time. */
    VELOCITY("officer-velocity"),
    /** The officer sent EMERGENCY requests to several portals in a short time. */
    EMERGENCY_SPREAD("emergency-to-many-portals"),
    /** Started from a network never seen in the officer's approved verifications. */
    NEW_NETWORK("new-network"),
    /** The agency's contacts changed (or a change is pending) within the cool-down window. */
    CONTACT_CHANGE("recent-contact-change"),
    /** An identity provider was linked to the agency within the cool-down window. */
    IDP_CHANGE("recent-idp-change"),
    /** One of the agency's domains no longer shows its DNS proof. */
    DOMAIN_PROOF_LOST("domain-proof-lost"),
    /** Another account of the agency was reported compromised within the window. */
    AGENCY_COMPROMISE_REPORT("agency-compromise-report"),
    /** This mailbox was reported compromised within the window. */
    OFFICER_COMPROMISE_REPORT("officer-compromise-report"),
    /** A portal refused a request of this officer that it had a trust token for. */
    PORTAL_REFUSED("portal-refused-earlier"),
    /** Many failed credential checks for this officer within the window. */
    CREDENTIAL_FAILURES("credential-failures"),
    /** The officer signed in and said they did not send an emailed request from their address: the mailbox may be someone else's now. */
    MAILBOX_DISOWNED("officer-mailbox-disowned");

    private final String slug;

    Signal(String slug) {
        this.slug = slug;
    }

    /** The stable name shown to portals and written to the audit log. */
    public String slug() {
        return slug;
    }
}
