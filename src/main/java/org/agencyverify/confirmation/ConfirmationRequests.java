package org.agencyverify.confirmation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.officer.Officer;
import org.agencyverify.portal.Portal;
import org.agencyverify.verification.Verification;

/** Assembles what a contact is shown from the stored verification: nothing comes from the caller. */
@ApplicationScoped
public class ConfirmationRequests {

    private final ConfirmationSecrets secrets;
    private final AgencyVerifyConfig config;

    ConfirmationRequests(ConfirmationSecrets secrets, AgencyVerifyConfig config) {
        this.secrets = secrets;
        this.config = config;
    }

    public ConfirmationRequest of(Confirmation confirmation, Verification verification, AgencyContact contact) {
        Agency agency = Agency.findById(verification.agencyId);
        Officer officer = Officer.findById(verification.officerId);
        Portal portal = Portal.findById(verification.portalId);
        String secret = contact.channel == AgencyContact.Channel.WEBHOOK ? secrets.secret(confirmation.id) : null;
        return new ConfirmationRequest(confirmation.id, verification.id, contact, agency.id, agency.name, officer.id,
                officer.name, officer.email, portal.name, portal.audience, verification.purpose, verification.caseReference,
                verification.documentDigest, verification.bindingCode, verification.bindingMessage, verification.expiresAt,
                respondTo(confirmation.id), secret);
    }

    /** Where the agency's system posts its signed decision. */
    public String respondTo(UUID confirmationId) {
        return config.baseUrl() + "/v1/confirmations/" + confirmationId;
    }
}
