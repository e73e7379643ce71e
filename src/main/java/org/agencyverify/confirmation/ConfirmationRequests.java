package org.agencyverify.confirmation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.agency.AgencySummary;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactSummary;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerSummary;
import org.agencyverify.portal.PortalDirectory;
import org.agencyverify.portal.PortalDirectory.PortalFacts;
import org.agencyverify.verification.VerificationSummary;

/** Assembles what a contact is shown from the stored verification: nothing comes from the caller. */
@ApplicationScoped
public class ConfirmationRequests {

    private final ConfirmationSecrets secrets;
    private final AgencyVerifyConfig config;
    private final AgencyDirectory agencies;
    private final OfficerDirectory officers;
    private final PortalDirectory portals;

    ConfirmationRequests(ConfirmationSecrets secrets, AgencyVerifyConfig config, AgencyDirectory agencies,
            OfficerDirectory officers, PortalDirectory portals) {
        this.secrets = secrets;
        this.config = config;
        this.agencies = agencies;
        this.officers = officers;
        this.portals = portals;
    }

    public ConfirmationRequest of(Confirmation confirmation, VerificationSummary verification, ContactSummary contact) {
        // A waiting verification always names its agency, officer and portal (it was opened with them).
        AgencySummary agency = agencies.find(verification.agencyId()).orElseThrow();
        OfficerSummary officer = officers.find(verification.officerId()).orElseThrow();
        PortalFacts portal = portals.byId(verification.portalId()).orElseThrow();
        String secret = contact.channel() == AgencyContact.Channel.WEBHOOK ? secrets.secret(confirmation.id) : null;
        return new ConfirmationRequest(confirmation.id, verification.id(), contact, agency.id(), agency.name(), officer.id(),
                officer.name(), officer.email(), portal.name(), portal.audience(), verification.purpose(),
                verification.caseReference(), verification.documentDigest(), verification.bindingCode(),
                verification.bindingMessage(), verification.expiresAt(), respondTo(confirmation.id), secret);
    }

    /** Where the agency's system posts its signed decision. */
    public String respondTo(UUID confirmationId) {
        return config.baseUrl() + "/v1/confirmations/" + confirmationId;
    }
}
