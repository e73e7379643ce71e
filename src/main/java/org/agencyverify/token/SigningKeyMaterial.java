package org.agencyverify.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.crypto.StoredSecrets;

/**
 * What a signing key row holds: a fresh P-256 pair, its private part sealed under the key-encryption
 * key (bound to its kid) and its public part as the JWK that is published.
 */
@ApplicationScoped
class SigningKeyMaterial {

    private final StoredSecrets secrets;
    private final ObjectMapper json;

    SigningKeyMaterial(StoredSecrets secrets, ObjectMapper json) {
        this.secrets = secrets;
        this.json = json;
    }

    /** A new key pair in a key row of this status, persisted and flushed in the caller's transaction. */
    SigningKey create(SigningKey.Status status, Instant now) {
        KeyPair pair = EcKeys.generate();
        SigningKey key = new SigningKey();
        key.kid = EcKeys.thumbprint((ECPublicKey) pair.getPublic()).substring(0, 16) + "-" + UUID.randomUUID().toString().substring(0, 8);
        key.algorithm = "ES256";
        key.publicJwk = writeJwk(EcKeys.publicJwk((ECPublicKey) pair.getPublic(), key.kid));
        key.privateKeySealed = secrets.seal(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), context(key.kid));
        key.status = status;
        key.createdAt = now;
        key.persist();
        key.flush();
        return key;
    }

    static String context(String kid) {
        return "signing-key:" + kid;
    }

    private String writeJwk(Map<String, Object> jwk) {
        try {
            return json.writeValueAsString(jwk);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK portals verify the key's signatures with. */
    Map<String, Object> publicJwk(SigningKey key) {
        try {
            return json.readValue(key.publicJwk, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored JWK", e);
        }
    }

    /** The private key that signs, opened from its sealed form. */
    PrivateKey privateKey(SigningKey key) {
        byte[] pkcs8 = Base64.getDecoder().decode(secrets.open(key.privateKeySealed, context(key.kid)));
        return EcKeys.privateKey(pkcs8);
    }
}
