package org.agencyverify.confirmation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
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
        // A waiting verification always names its agency and portal, and its officer unless it is an emailed request.
        AgencySummary agency = agencies.find(verification.agencyId()).orElseThrow();
        Optional<OfficerSummary> officer = verification.officerId() == null ? Optional.empty()
                : Optional.of(officers.find(verification.officerId()).orElseThrow());
        PortalFacts portal = portals.byId(verification.portalId()).orElseThrow();
        String secret = contact.channel() == AgencyContact.Channel.WEBHOOK ? secrets.secret(confirmation.id, confirmation.secretHash) : null;
        ConfirmationRequest.Sender sender = verification.senderConfirmation()
                ? new ConfirmationRequest.Sender(verification.requesterEmail(),
                        verification.officerConfirmed() ? ConfirmationRequest.Sender.Standing.ENROLLED_OFFICER_CONFIRMED : standing(officer))
                : null;
        return new ConfirmationRequest(confirmation.id, verification.id(), contact, agency.id(), agency.name(),
                officer.map(OfficerSummary::id).orElse(null), officer.map(OfficerSummary::name).orElse(null),
                officer.map(OfficerSummary::email).orElse(verification.requesterEmail()), portal.name(), portal.audience(),
                verification.purpose(), verification.caseReference(), verification.documentDigest(), verification.bindingCode(),
                verification.bindingMessage(), verification.expiresAt(), respondTo(confirmation.id), secret, sender);
    }

    private static ConfirmationRequest.Sender.Standing standing(Optional<OfficerSummary> officer) {
        if (officer.isEmpty()) {
            return ConfirmationRequest.Sender.Standing.NOT_ENROLLED;
        }
        return officer.get().active() ? ConfirmationRequest.Sender.Standing.ENROLLED_OFFICER
                : ConfirmationRequest.Sender.Standing.ENROLLED_OFFICER_NOT_ACTIVE;
    }

    /** Where the agency's system posts its signed decision. */
    public String respondTo(UUID confirmationId) {
        return config.baseUrl() + "/v1/confirmations/" + confirmationId;
    }
}
