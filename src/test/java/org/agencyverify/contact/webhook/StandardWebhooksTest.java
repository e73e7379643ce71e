package org.agencyverify.contact.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

    /** The example of the Standard Webhooks specification. */
    @Test
    void hmacMatchesTheSpecificationExample() {
        byte[] key = WebhookSecrets.keyBytes("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String signature = StandardWebhooks.hmac(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
        assertTrue(StandardWebhooks.verifyHmac(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}",
                "v1,bm9ub3RoZXJzaWduYXR1cmU= " + signature));
        assertFalse(StandardWebhooks.verifyHmac(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, "{\"test\": 2432232314}", signature));
        assertFalse(StandardWebhooks.verifyHmac(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232315}", signature));
        assertFalse(StandardWebhooks.verifyHmac(key, "x", 1, "b", "v1,not base64!"));
    }

    @Test
    void ed25519SignaturesVerifyOnlyForTheSignedContent() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String signature = StandardWebhooks.ed25519(pair.getPrivate(), "msg_1", 1700000000, "{}");
        assertTrue(signature.startsWith("v1a,"));
        assertTrue(StandardWebhooks.verifyEd25519(pair.getPublic(), "msg_1", 1700000000, "{}", signature));
        assertFalse(StandardWebhooks.verifyEd25519(pair.getPublic(), "msg_2", 1700000000, "{}", signature));
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertFalse(StandardWebhooks.verifyEd25519(other.getPublic(), "msg_1", 1700000000, "{}", signature));
    }
}
