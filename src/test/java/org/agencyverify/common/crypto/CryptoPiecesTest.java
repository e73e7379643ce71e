package org.agencyverify.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
