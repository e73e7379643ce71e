package org.agencyverify.contact.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The contact channel's own key material: Standard Webhooks secrets and raw Ed25519 public keys. */
class ContactKeysTest {

    @Test
    void webhookSecretsFollowStandardWebhooks() {
        String secret = WebhookSecrets.generate();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, WebhookSecrets.keyBytes(secret).length);
        assertNotEquals(secret, WebhookSecrets.generate());
    }

    @Test
    void ed25519RawKeysParseAndVerify() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        String raw = Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update("msg".getBytes());
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(Ed25519Keys.parse(raw).orElseThrow());
        verifier.update("msg".getBytes());
        assertTrue(verifier.verify(signature));

        assertTrue(Ed25519Keys.parse(null).isEmpty());
        assertTrue(Ed25519Keys.parse("abc").isEmpty());
        assertTrue(Ed25519Keys.parse(Base64.getEncoder().encodeToString(new byte[32])).isEmpty());
        assertTrue(Ed25519Keys.parse(Base64.getEncoder().encodeToString(spki)).isEmpty(), "SPKI is not the accepted form");
    }
}
