package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.crypto.SealedValues;

/** Webhook contacts' HMAC secrets (removed contacts' too: every row that holds one). */
@ApplicationScoped
class SealedWebhookSecrets implements SealedValues {

    @Override
    public String kind() {
        return "contact-webhook-secrets";
    }

    @Override
    public String description() {
        return "stored contact webhook secrets";
    }

    @Override
    @Transactional
    public List<Sealed> sealedValues() {
        return AgencyContact.<AgencyContact>list("hmacSecretEncrypted is not null order by createdAt").stream()
                .map(c -> new Sealed(c.id.toString(), c.hmacSecretEncrypted, ContactEnrollment.hmacContext(c.id))).toList();
    }

    @Override
    @Transactional
    public boolean reseal(Sealed value, String resealed) {
        AgencyContact contact = AgencyContact.findById(UUID.fromString(value.id()), LockModeType.PESSIMISTIC_WRITE);
        if (contact == null || !value.sealed().equals(contact.hmacSecretEncrypted)) {
            return false;
        }
        contact.hmacSecretEncrypted = resealed;
        return true;
    }
}
