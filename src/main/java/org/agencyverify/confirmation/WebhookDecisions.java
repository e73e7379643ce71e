package org.agencyverify.confirmation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Actor;
import org.agencyverify.confirmation.ConfirmationDtos.DecisionRequest;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.AnswerReplays;
import org.agencyverify.contact.ContactDirectory;
import org.agencyverify.contact.ContactSummary;
import org.agencyverify.contact.SignedMessageConfig;
import org.agencyverify.contact.SignedMessages;

/**
 * Decisions signed by an agency's system (the webhook channel). Only the credential fixed at the
 * contact's enrollment can sign for it, the answer must carry the request's one-time secret, be fresh
 * and be new, and the contact must still be ACTIVE, of an ACTIVE agency; every failure answers the
 * same 401 and is audited with its reason.
 */
@ApplicationScoped
public class WebhookDecisions {

    private record Signer(Confirmation confirmation, ContactSummary contact) {}

    private static final Actor UNVERIFIED = new Actor("unverified", "webhook");
    private static final String MALFORMED = "The body must be a JSON object with decision, secret and an optional reason.";

    private final SignedMessages signed;
    private final AnswerReplays replays;
    private final ConfirmationService confirmations;
    private final SignedMessageConfig config;
    private final AnswerLimits limits;
    private final ContactDirectory contacts;

    WebhookDecisions(SignedMessages signed, AnswerReplays replays, ConfirmationService confirmations, SignedMessageConfig config,
            AnswerLimits limits, ContactDirectory contacts) {
        this.signed = signed;
        this.replays = replays;
        this.confirmations = confirmations;
        this.config = config;
        this.limits = limits;
        this.contacts = contacts;
    }

    public ConfirmationService.DecisionResult answer(UUID confirmationId, SignedMessages.Signed answer) {
        // Before the signature check and any lookup: bounds guessing of signatures and secrets.
        limits.answered(confirmationId);
        Optional<String> headers = SignedMessages.headerRefusal(answer, config.signatureTolerance());
        if (headers.isPresent()) {
            throw refused(confirmationId, headers.get(), UNVERIFIED);
        }
        Signer signer = QuarkusTransaction.requiringNew().call(() -> signer(confirmationId));
        if (signer == null) {
            throw refused(confirmationId, "not-a-webhook-confirmation", UNVERIFIED);
        }
        Actor contact = new Actor("contact", signer.contact().id().toString());
        if (!signed.signedBy(signer.contact(), answer)) {
            throw refused(confirmationId, "bad-signature", UNVERIFIED);
        }
        DecisionRequest decision = signed.body(answer, DecisionRequest.class, MALFORMED);
        if (!ConfirmationSecrets.matches(signer.confirmation().secretHash, decision.secret())) {
            throw refused(confirmationId, "wrong-secret", contact);
        }
        if (!replays.firstUse(signer.contact().id(), answer.webhookId())) {
            throw refused(confirmationId, "replayed-webhook-id", contact);
        }
        try {
            return confirmations.decide(confirmationId, AgencyContact.Channel.WEBHOOK,
                    Confirmation.Decision.valueOf(decision.decision()), decision.reason(), contact);
        } catch (ConfirmationService.NotACurrentContact e) {
            // Audited with its reason by the decision itself; answered like any unknown signer.
            throw invalidSignature();
        }
    }

    private Signer signer(UUID confirmationId) {
        Confirmation confirmation = Confirmation.findById(confirmationId);
        if (confirmation == null || !AgencyContact.Channel.WEBHOOK.name().equals(confirmation.channel)) {
            return null;
        }
        return contacts.find(confirmation.contactId).map(contact -> new Signer(confirmation, contact)).orElse(null);
    }

    private ApiException refused(UUID confirmationId, String reason, Actor actor) {
        confirmations.refuseUnauthenticated(confirmationId, reason, actor);
        return invalidSignature();
    }

    private static ApiException invalidSignature() {
        return new ApiException(ProblemType.CONFIRMATION_SIGNATURE_INVALID, ProblemType.CONFIRMATION_SIGNATURE_INVALID.defaultDetail());
    }
}
