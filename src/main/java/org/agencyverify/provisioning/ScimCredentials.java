package org.agencyverify.provisioning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.crypto.RandomSecrets;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.security.Caller;
import org.agencyverify.provisioning.ScimCredentialDtos.ScimCredentialStatus;

/**
 * Each agency's SCIM bearer credential: {@code avscim_<credential id>_<32 random bytes>}. Made, rotated and
 * revoked by the agency's admins and operators (the same access rule as its officers), audited; only the
 * secret's SHA-256 is stored, and a presented secret is compared with it in constant time.
 */
@ApplicationScoped
public class ScimCredentials {

    static final String PREFIX = "avscim_";
    private static final int ID_HEX = 32;
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    /** A new secret, the base URL to give the SCIM client with it, and when it was made. */
    public record Issued(String secret, String scimBaseUrl, Instant createdAt) {}

    private final AgencyAccess access;
    private final AuditLog audit;
    private final String scimBaseUrl;

    ScimCredentials(AgencyAccess access, AuditLog audit, AgencyVerifyConfig config) {
        this.access = access;
        this.audit = audit;
        // The configured public URL, not the request's: behind a proxy the request sees the internal host.
        this.scimBaseUrl = config.baseUrl() + "/scim/v2";
    }

    /** A new credential for the agency; an existing one is replaced and stops working at once. */
    @Transactional
    public Issued create(Caller caller, UUID agencyId) {
        access.requireAdministrable(caller, agencyId);
        ScimCredential credential = ScimCredential.<ScimCredential>findByIdOptional(agencyId, LockModeType.PESSIMISTIC_WRITE).orElse(null);
        boolean rotated = credential != null;
        if (credential == null) {
            credential = new ScimCredential();
            credential.agencyId = agencyId;
        }
        String secret = RandomSecrets.base64Url(32);
        credential.id = UUID.randomUUID();
        credential.secretHash = sha256(secret);
        credential.createdAt = Instant.now();
        credential.createdBy = caller.actor().toString();
        credential.lastUsedAt = null;
        credential.persist();
        ScimCredential.flush();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("agencyId", agencyId.toString());
        details.put("credentialId", credential.id.toString());
        audit.record(caller.actor(), rotated ? "scim-credential.rotated" : "scim-credential.created", "agency",
                agencyId.toString(), details);
        return new Issued(PREFIX + credential.id.toString().replace("-", "") + "_" + secret, scimBaseUrl, credential.createdAt);
    }

    @Transactional
    public ScimCredentialStatus show(Caller caller, UUID agencyId) {
        access.requireAdministrable(caller, agencyId);
        return ScimCredential.<ScimCredential>findByIdOptional(agencyId)
                .map(c -> new ScimCredentialStatus(true, c.createdAt, c.createdBy, c.lastUsedAt))
                .orElseGet(() -> new ScimCredentialStatus(false, null, null, null));
    }

    /** Revokes the agency's credential; false when it had none. */
    @Transactional
    public boolean revoke(Caller caller, UUID agencyId) {
        access.requireAdministrable(caller, agencyId);
        Optional<ScimCredential> found = ScimCredential.findByIdOptional(agencyId);
        found.ifPresent(credential -> {
            credential.delete();
            audit.record(caller.actor(), "scim-credential.revoked", "agency", agencyId.toString(),
                    Map.of("agencyId", agencyId.toString(), "credentialId", credential.id.toString()));
        });
        return found.isPresent();
    }

    /** The agency whose current credential this bearer token is; empty for anything else. */
    @Transactional
    public Optional<UUID> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() < PREFIX.length() + ID_HEX + 2
                || token.charAt(PREFIX.length() + ID_HEX) != '_') {
            return Optional.empty();
        }
        UUID id;
        try {
            String hex = token.substring(PREFIX.length(), PREFIX.length() + ID_HEX);
            ByteBuffer bytes = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
            id = new UUID(bytes.getLong(), bytes.getLong());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String secret = token.substring(PREFIX.length() + ID_HEX + 1);
        Optional<ScimCredential> found = ScimCredential.find("id", id).firstResultOptional();
        // Hashed either way, so an unknown id and a wrong secret take the same path.
        byte[] presented = sha256(secret);
        byte[] stored = found.map(c -> c.secretHash).orElse(new byte[32]);
        if (!MessageDigest.isEqual(stored, presented) || found.isEmpty()) {
            return Optional.empty();
        }
        ScimCredential credential = found.get();
        Instant now = Instant.now();
        if (credential.lastUsedAt == null || credential.lastUsedAt.isBefore(now.minus(LAST_USED_GRANULARITY))) {
            credential.lastUsedAt = now;
        }
        return Optional.of(credential.agencyId);
    }

    /** How the audit trail names an agency's SCIM client. */
    static Actor actor(UUID agencyId) {
        return new Actor("scim", agencyId.toString());
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
