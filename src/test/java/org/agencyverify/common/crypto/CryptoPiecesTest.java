package org.agencyverify.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CryptoPiecesTest {

    private final SecretBox box = new SecretBox(RandomSecrets.bytes(32));

    @Test
    void sealedSecretsOpenOnlyInTheirContextUnderTheirKey() {
        String sealed = box.seal("whsec_abc", "row-1");
        assertTrue(sealed.startsWith("v1."));
        assertEquals("whsec_abc", box.open(sealed, "row-1"));
        assertNotEquals(sealed, box.seal("whsec_abc", "row-1"), "a fresh nonce every time");
        assertThrows(IllegalArgumentException.class, () -> box.open(sealed, "row-2"));
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(RandomSecrets.bytes(32)).open(sealed, "row-1"));
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1." + Base64.getEncoder().encodeToString(raw);
        assertThrows(IllegalArgumentException.class, () -> box.open(tampered, "row-1"));
    }

    @Test
    void keyEncryptionKeyMustBe32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> SecretBox.fromBase64("not base64!"));
    }

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
