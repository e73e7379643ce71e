package org.agencyverify.common.crypto;

import java.util.List;

/**
 * One kind of value a feature stores sealed under the key-encryption key (signing keys, webhook
 * secrets, ...). The feature that owns the column implements it as a bean; {@link StoredSecretsAtStart}
 * tries every value at start and reseals those only a previous key opens. Each method runs in a
 * transaction of its own.
 */
public interface SealedValues {

    /** One row's sealed text and the context (associated data) it was sealed with. */
    record Sealed(String id, String sealed, String context) {
        @Override
        public String toString() {
            return "Sealed[" + id + "]";
        }
    }

    /** Stable name for readiness data and the audit event, e.g. {@code signing-keys}. */
    String kind();

    /** For the log line, plural: "stored signing keys". */
    String description();

    /** Every row of this kind the service may still open (they are few). */
    List<Sealed> sealedValues();

    /**
     * Replaces the row's sealed text under a row lock, only if it still holds {@code value.sealed()}:
     * false when another replica resealed it first, or the row changed or went meanwhile.
     */
    boolean reseal(Sealed value, String resealed);
}
