package org.agencyverify.confirmation.email;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.agencyverify.common.crypto.DerivedKeys;
import org.agencyverify.common.crypto.SecretsConfig;

/**
 * The hidden form field that proves a POST comes from the page this service showed to this sign-in:
 * an HMAC of the Keycloak session, the user and the confirmation. Stateless, so any pod checks it;
 * another site cannot read the page, so it cannot learn the value.
 */
@ApplicationScoped
public class ApprovalCsrf {

    private static final String LABEL = "agency-verify approval csrf v1";
    /** The current key first, then those of previous key-encryption keys (a page shown before a rotation). */
    private final List<byte[]> keys;

    ApprovalCsrf(SecretsConfig secrets) {
        // A key of its own, derived from the service's key-encryption key (HMAC as a PRF with a label).
        this.keys = DerivedKeys.of(secrets, LABEL);
    }

    public String token(SignedIn who, UUID confirmationId) {
        return token(keys.get(0), who, confirmationId);
    }

    /** Constant time, so the comparison leaks nothing about the expected value. */
    public boolean matches(SignedIn who, UUID confirmationId, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        boolean matched = false;
        for (byte[] key : keys) {
            matched |= MessageDigest.isEqual(token(key, who, confirmationId).getBytes(StandardCharsets.US_ASCII),
                    presented.getBytes(StandardCharsets.US_ASCII));
        }
        return matched;
    }

    private static String token(byte[] key, SignedIn who, UUID confirmationId) {
        String bound = who.subject() + "\n" + who.sessionId() + "\n" + confirmationId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, bound));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
