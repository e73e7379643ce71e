package org.agencyverify.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import org.agencyverify.common.crypto.SealedValues;

/** The signing keys' private parts, every row: few, one pair per rotation period. */
@ApplicationScoped
class SealedSigningKeys implements SealedValues {

    @Override
    public String kind() {
        return "signing-keys";
    }

    @Override
    public String description() {
        return "stored signing keys";
    }

    @Override
    @Transactional
    public List<Sealed> sealedValues() {
        return SigningKey.<SigningKey>list("order by createdAt").stream()
                .map(k -> new Sealed(k.kid, k.privateKeySealed, SigningKeyMaterial.context(k.kid))).toList();
    }

    @Override
    @Transactional
    public boolean reseal(Sealed value, String resealed) {
        SigningKey key = SigningKey.findById(value.id(), LockModeType.PESSIMISTIC_WRITE);
        if (key == null || !value.sealed().equals(key.privateKeySealed)) {
            return false;
        }
        key.privateKeySealed = resealed;
        return true;
    }
}
