package org.agencyverify.confirmation;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Plays an agency's system in tests: checks the service's signatures and signs answers, with the JDK's
 * own HMAC and Ed25519 rather than the service's code, so a shared bug cannot pass unnoticed.
 */
public final class AgencySystem {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** X.509 SubjectPublicKeyInfo prefix of a raw 32-byte Ed25519 key (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    /** How the system signs: an HMAC secret ({@code whsec_...}) or an Ed25519 key pair. */
    public record Credential(String hmacSecret, KeyPair ed25519) {
        public static Credential withHmac(String whsec) {
            return new Credential(whsec, null);
        }

        public static Credential freshEd25519() {
            try {
                return new Credential(null, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The public key as agencies register it: base64 of the raw 32 bytes. */
        String publicKey() {
            byte[] spki = ed25519.getPublic().getEncoded();
            return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        }

        String sign(String id, long timestamp, String body) {
            byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
            try {
                if (hmacSecret != null) {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(Base64.getDecoder().decode(hmacSecret.substring("whsec_".length())), "HmacSHA256"));
                    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content));
                }
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(ed25519.getPrivate());
                signer.update(content);
                return "v1a," + Base64.getEncoder().encodeToString(signer.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private AgencySystem() {}

    static boolean hmacValid(String whsec, String id, String timestamp, String body, String header) {
        String expected = Credential.withHmac(whsec).sign(id, Long.parseLong(timestamp), body);
        return Arrays.asList(header.split(" ")).contains(expected);
    }

    static boolean ed25519Valid(String rawPublicKeyBase64, String id, String timestamp, String body, String header) {
        try {
            byte[] raw = Base64.getDecoder().decode(rawPublicKeyBase64);
            byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            for (String candidate : header.split(" ")) {
                if (candidate.startsWith("v1a,")) {
                    Signature verifier = Signature.getInstance("Ed25519");
                    verifier.initVerify(key);
                    verifier.update((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
                    if (verifier.verify(Base64.getDecoder().decode(candidate.substring(4)))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String decision(String decision, String secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", decision);
        body.put("secret", secret);
        try {
            return JSON.writeValueAsString(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts {@code body} as the agency's answer, signed by {@code credential}, with a fresh webhook-id. */
    public static ValidatableResponse answer(UUID confirmationId, Credential credential, String body) {
        return answer(confirmationId, credential, body, "ans_" + UUID.randomUUID(), Instant.now().getEpochSecond());
    }

    public static ValidatableResponse answer(UUID confirmationId, Credential credential, String body, String webhookId, long timestamp) {
        return signed(credential, body, webhookId, timestamp).post("/v1/confirmations/" + confirmationId).then();
    }

    /** A request with {@code body}, signed by {@code credential} per Standard Webhooks, with a fresh webhook-id. */
    public static RequestSpecification signed(Credential credential, String body) {
        return signed(credential, body, "msg_" + UUID.randomUUID(), Instant.now().getEpochSecond());
    }

    private static RequestSpecification signed(Credential credential, String body, String webhookId, long timestamp) {
        return given().contentType("application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", credential.sign(webhookId, timestamp, body))
                .body(body);
    }
}
