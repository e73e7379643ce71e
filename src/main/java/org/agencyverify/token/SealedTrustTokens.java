package org.agencyverify.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.crypto.SealedValues;

/** Issued tokens kept sealed for their portal to collect again: only live ones are ever opened. */
@ApplicationScoped
class SealedTrustTokens implements SealedValues {

    @Override
    public String kind() {
        return "trust-tokens";
    }

    @Override
    public String description() {
        return "stored live trust tokens";
    }

    @Override
    @Transactional
    public List<Sealed> sealedValues() {
        return TrustToken.<TrustToken>list("expiresAt > ?1", Instant.now()).stream()
                .map(t -> new Sealed(t.jti.toString(), t.tokenSealed, TokenIssuer.context(t.jti))).toList();
    }

    @Override
    @Transactional
    public boolean reseal(Sealed value, String resealed) {
        TrustToken token = TrustToken.findById(UUID.fromString(value.id()), LockModeType.PESSIMISTIC_WRITE);
        if (token == null || !value.sealed().equals(token.tokenSealed)) {
            return false;
        }
        token.tokenSealed = resealed;
        return true;
    }
}
