package org.agencyverify.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The hash that links each audit event to the one before it. Plain Java so the rule is testable and
 * a verifier can recompute it. Fields are length-prefixed: no two different events hash alike by
 * moving text from one field into the next.
 */
public final class AuditChain {

    /** The previous hash of the very first event. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    public static String hash(String previousHash, Instant occurredAt, String actor, String action,
            String subjectType, String subjectId, String requestId, String canonicalDetails) {
        MessageDigest sha256 = sha256();
        for (String field : new String[] {previousHash, occurredAt.toString(), actor, action, subjectType, subjectId,
                requestId == null ? "" : requestId, canonicalDetails}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) ':');
            sha256.update(bytes);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
