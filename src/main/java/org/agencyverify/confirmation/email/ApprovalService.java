package org.agencyverify.confirmation.email;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.common.security.Actor;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.confirmation.ConfirmationRequests;
import org.agencyverify.confirmation.ConfirmationService;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactDirectory;
import org.agencyverify.contact.ContactSummary;
import org.agencyverify.verification.VerificationDirectory;
import org.agencyverify.verification.VerificationState;
import org.agencyverify.verification.VerificationSummary;

/**
 * The rules of the approval page: a confirmation is shown, and answered, only to the Keycloak user of
 * the email contact it was sent to, while that contact and its agency are ACTIVE. Anything else (no
 * such confirmation, another channel, another user, a contact removed, an agency suspended) is the
 * same empty answer, so the page tells an outsider nothing.
 */
@ApplicationScoped
public class ApprovalService {

    /** A decision made on the page, and where the verification stands after it. */
    public record Decided(ApprovalView view, VerificationState verificationState) {}

    /** The confirmation is this user's; {@code current}: its contact and agency are ACTIVE now. */
    private record Found(ApprovalView view, UUID contactId, boolean current) {}

    private final ConfirmationRequests requests;
    private final ConfirmationService confirmations;
    private final ContactDirectory contacts;
    private final AgencyDirectory agencies;
    private final VerificationDirectory verifications;

    ApprovalService(ConfirmationRequests requests, ConfirmationService confirmations, ContactDirectory contacts,
            AgencyDirectory agencies, VerificationDirectory verifications) {
        this.requests = requests;
        this.confirmations = confirmations;
        this.contacts = contacts;
        this.agencies = agencies;
        this.verifications = verifications;
    }

    /** The confirmation this signed-in user may see, or empty. */
    public Optional<ApprovalView> find(UUID confirmationId, SignedIn who) {
        return QuarkusTransaction.requiringNew().call(() -> load(confirmationId, who)).filter(Found::current).map(Found::view);
    }

    /**
     * Records the contact's decision if the confirmation is theirs (empty otherwise): this check is the
     * proof {@link ConfirmationService#decide} asks of its callers. A closed confirmation, or one whose
     * contact was removed (or whose agency was suspended) since the page was opened, is still passed on,
     * so that the refusal is audited there: closed answers 409 {@code confirmation-closed}, a contact
     * that is not current the same empty answer as a stranger.
     */
    public Optional<Decided> decide(UUID confirmationId, SignedIn who, Confirmation.Decision decision) {
        Optional<Found> found = QuarkusTransaction.requiringNew().call(() -> load(confirmationId, who));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            var result = confirmations.decide(confirmationId, AgencyContact.Channel.EMAIL, decision, null,
                    new Actor("contact", found.get().contactId().toString()));
            return Optional.of(new Decided(found.get().view(), result.verificationState()));
        } catch (ConfirmationService.NotACurrentContact e) {
            return Optional.empty();
        }
    }

    private Optional<Found> load(UUID confirmationId, SignedIn who) {
        Confirmation confirmation = Confirmation.findById(confirmationId);
        if (confirmation == null || !AgencyContact.Channel.EMAIL.name().equals(confirmation.channel)) {
            return Optional.empty();
        }
        ContactSummary contact = contacts.find(confirmation.contactId).orElse(null);
        if (contact == null || contact.channel() != AgencyContact.Channel.EMAIL || !sameUser(contact.keycloakUserId(), who.subject())) {
            return Optional.empty();
        }
        boolean current = contact.active()
                && agencies.find(contact.agencyId()).filter(a -> a.status() == AgencyStatus.ACTIVE).isPresent();
        VerificationSummary verification = verifications.find(confirmation.verificationId).orElseThrow();
        boolean open = (confirmation.status == Confirmation.Status.PENDING || confirmation.status == Confirmation.Status.SENT)
                && verification.waitingAt(Instant.now());
        return Optional.of(new Found(ApprovalView.of(requests.of(confirmation, verification, contact), open), contact.id(), current));
    }

    private static boolean sameUser(String registered, String signedIn) {
        return registered != null && signedIn != null
                && MessageDigest.isEqual(registered.getBytes(StandardCharsets.UTF_8), signedIn.getBytes(StandardCharsets.UTF_8));
    }
}
