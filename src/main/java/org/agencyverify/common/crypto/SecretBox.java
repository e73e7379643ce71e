package org.agencyverify.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts stored secrets (e.g. a contact's webhook HMAC secret) with AES-256-GCM under the
 * service's key-encryption key. Output: {@code v1.} + base64(12-byte random nonce || ciphertext || tag).
 * The {@code context} (e.g. the row it belongs to) is bound as associated data, so a ciphertext
 * copied to another row does not decrypt.
 */
public final class SecretBox {

    private static final String PREFIX = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    public SecretBox(byte[] keyEncryptionKey) {
        if (keyEncryptionKey == null || keyEncryptionKey.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 32 bytes");
        }
        this.key = new SecretKeySpec(keyEncryptionKey.clone(), "AES");
    }

    /** Reads a key given as base64 of 32 bytes. */
    public static SecretBox fromBase64(String base64Key) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key-encryption key must be base64 of 32 bytes");
        }
        return new SecretBox(decoded);
    }

    public String seal(String plaintext, String context) {
        byte[] nonce = RandomSecrets.bytes(NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The plaintext; throws when the value was altered, belongs to another context or another key. */
    public String open(String sealed, String context) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, context);
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("sealed secret does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
