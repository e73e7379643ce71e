package org.agencyverify.token;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** P-256 keys for ES256: generation, the public JWK (RFC 7517/7518) and its thumbprint (RFC 7638). */
public final class EcKeys {

    private EcKeys() {}

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 unavailable", e);
        }
    }

    public static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable signing key", e);
        }
    }

    /** The public JWK members in the order RFC 7638 hashes them, plus kid, use and alg. */
    public static Map<String, Object> publicJwk(ECPublicKey key, String kid) {
        Map<String, Object> jwk = new LinkedHashMap<>(thumbprintMembers(key));
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("alg", "ES256");
        return jwk;
    }

    /** RFC 7638 thumbprint: base64url(sha-256 of the required members, lexicographic, no spaces). */
    public static String thumbprint(ECPublicKey key) {
        Map<String, Object> members = thumbprintMembers(key);
        String canonical = "{\"crv\":\"" + members.get("crv") + "\",\"kty\":\"EC\",\"x\":\"" + members.get("x")
                + "\",\"y\":\"" + members.get("y") + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> thumbprintMembers(ECPublicKey key) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("crv", "P-256");
        members.put("kty", "EC");
        members.put("x", coordinate(key.getW().getAffineX()));
        members.put("y", coordinate(key.getW().getAffineY()));
        return members;
    }

    /** A coordinate as exactly 32 big-endian bytes, base64url (RFC 7518 section 6.2.1.2). */
    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        if (bytes.length > 32) {
            bytes = Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length);
        }
        System.arraycopy(bytes, 0, fixed, 32 - bytes.length, bytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
