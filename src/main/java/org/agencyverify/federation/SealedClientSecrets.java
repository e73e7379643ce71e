package org.agencyverify.federation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.crypto.SealedValues;
import org.agencyverify.contact.change.ChangeSecrets;

/** Client secrets of proposed identity-provider links, sealed in their pending change until it applies. */
@ApplicationScoped
class SealedClientSecrets implements SealedValues {

    private final ChangeSecrets changes;

    SealedClientSecrets(ChangeSecrets changes) {
        this.changes = changes;
    }

    @Override
    public String kind() {
        return "identity-provider-client-secrets";
    }

    @Override
    public String description() {
        return "stored client secrets of pending identity-provider links";
    }

    @Override
    public List<Sealed> sealedValues() {
        return changes.withSealedSecret().stream()
                .map(c -> new Sealed(c.id().toString(), c.sealedSecret(), IdentityProviderChanges.secretContext(c.id()))).toList();
    }

    @Override
    public boolean reseal(Sealed value, String resealed) {
        return changes.replaceSealedSecret(UUID.fromString(value.id()), value.sealed(), resealed);
    }
}
