package org.agencyverify.confirmation.email;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.officer.Officer;
import org.agencyverify.portal.Portal;
import org.agencyverify.verification.Confirmation;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationState;

/**
 * The rules of the approval page: a confirmation is shown, and answered, only to the Keycloak user of
 * the email contact it was sent to. Anything else (no such confirmation, another channel, another
 * user, a contact no longer active) is the same empty answer, so the page tells an outsider nothing.
 */
@ApplicationScoped
public class ApprovalService {

    /** A decision made on the page, and where the verification stands after it. */
    public record Decided(ApprovalView view, VerificationState verificationState) {}

    /**
     * Records the contact's decision if the confirmation is theirs (empty otherwise). The check runs in
     * its own transaction; the decision in the confirmation core's, which refuses a closed one (409).
     */
    public Optional<Decided> decide(UUID confirmationId, SignedIn who, Confirmation.Decision decision) {
        Optional<ApprovalView> view = find(confirmationId, who);
        if (view.isEmpty()) {
            return Optional.empty();
        }
        throw new UnsupportedOperationException("waiting for the confirmation core");
    }

    /** The confirmation this signed-in user may see, or empty. Its own read-only transaction. */
    public Optional<ApprovalView> find(UUID confirmationId, SignedIn who) {
        return QuarkusTransaction.requiringNew().call(() -> load(confirmationId, who));
    }

    private Optional<ApprovalView> load(UUID confirmationId, SignedIn who) {
        Confirmation confirmation = Confirmation.findById(confirmationId);
        if (confirmation == null || !AgencyContact.Channel.EMAIL.name().equals(confirmation.channel)) {
            return Optional.empty();
        }
        AgencyContact contact = AgencyContact.findById(confirmation.contactId);
        if (contact == null || contact.channel != AgencyContact.Channel.EMAIL
                || contact.status != AgencyContact.Status.ACTIVE || !sameUser(contact.keycloakUserId, who.subject())) {
            return Optional.empty();
        }
        Verification verification = Verification.findById(confirmation.verificationId);
        if (verification == null) {
            return Optional.empty();
        }
        Agency agency = verification.agencyId == null ? null : Agency.findById(verification.agencyId);
        Officer officer = verification.officerId == null ? null : Officer.findById(verification.officerId);
        Portal portal = Portal.findById(verification.portalId);
        boolean open = (confirmation.status == Confirmation.Status.PENDING || confirmation.status == Confirmation.Status.SENT)
                && verification.state == VerificationState.PENDING_CONFIRMATION
                && Instant.now().isBefore(verification.expiresAt);
        return Optional.of(new ApprovalView(confirmation.id, contact.name,
                agency == null ? "" : agency.name,
                officer == null ? "" : officer.name,
                officer == null ? verification.requesterEmail : officer.email,
                portal == null ? "" : portal.name,
                verification.audience,
                verification.purpose.name(),
                verification.caseReference,
                verification.documentDigest,
                verification.bindingCode,
                verification.bindingMessage,
                verification.expiresAt,
                open));
    }

    private static boolean sameUser(String registered, String signedIn) {
        return registered != null && signedIn != null
                && MessageDigest.isEqual(registered.getBytes(StandardCharsets.UTF_8), signedIn.getBytes(StandardCharsets.UTF_8));
    }
}
