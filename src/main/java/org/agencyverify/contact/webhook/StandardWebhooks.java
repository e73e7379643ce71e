package org.agencyverify.contact.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.agencyverify.common.crypto.Hmacs;

/**
 * Signatures of the Standard Webhooks spec (standardwebhooks.com): the signed content is
 * {@code webhook-id + "." + webhook-timestamp + "." + body}; {@code v1,} + base64 HMAC-SHA256 with a
 * shared {@code whsec_} secret, or {@code v1a,} + base64 Ed25519 signature.
 */
public final class StandardWebhooks {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    private StandardWebhooks() {}

    static byte[] content(String id, long timestamp, String body) {
        return (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
    }

    public static String hmac(byte[] key, String id, long timestamp, String body) {
        return "v1," + Base64.getEncoder().encodeToString(Hmacs.sha256(key, content(id, timestamp, body)));
    }

    public static String ed25519(PrivateKey key, String id, long timestamp, String body) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(content(id, timestamp, body));
            return "v1a," + Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    /** True when one of the space-separated {@code v1,} signatures matches; compared in constant time. */
    public static boolean verifyHmac(byte[] key, String id, long timestamp, String body, String header) {
        byte[] expected = Hmacs.sha256(key, content(id, timestamp, body));
        boolean match = false;
        for (String candidate : header.split(" ")) {
            if (candidate.startsWith("v1,")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(candidate.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                match |= MessageDigest.isEqual(expected, given);
            }
        }
        return match;
    }

    /** True when one of the space-separated {@code v1a,} signatures verifies under {@code key}. */
    public static boolean verifyEd25519(PublicKey key, String id, long timestamp, String body, String header) {
        for (String candidate : header.split(" ")) {
            if (!candidate.startsWith("v1a,")) {
                continue;
            }
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(content(id, timestamp, body));
                if (verifier.verify(Base64.getDecoder().decode(candidate.substring(4)))) {
                    return true;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not a valid signature: try the next one
            }
        }
        return false;
    }
}
