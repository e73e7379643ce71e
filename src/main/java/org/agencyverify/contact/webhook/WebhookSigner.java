package org.agencyverify.contact.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Signs outgoing webhooks with the service's configured Ed25519 key. */
@ApplicationScoped
public class WebhookSigner {

    private final PrivateKey privateKey;
    private final String publicKey;

    WebhookSigner(WebhookSigningConfig config) {
        try {
            this.privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(config.signingPrivateKey().trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("agency-verify.webhooks.signing-private-key is not a base64 PKCS#8 Ed25519 key");
        }
        this.publicKey = config.signingPublicKey().trim();
    }

    public String sign(String id, long timestamp, String body) {
        return StandardWebhooks.ed25519(privateKey, id, timestamp, body);
    }

    /** Base64 of the raw 32-byte public key receivers verify with. */
    public String publicKey() {
        return publicKey;
    }
}
