package org.agencyverify.common.ratelimit;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.crypto.Hmacs;
import org.agencyverify.common.crypto.SecretsConfig;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Bucket;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Decision;

/**
 * Every rate limit of the service, one method per place that applies them, so each rule and its key
 * are written once. Each method costs one Redis round trip and throws {@link RateLimitedException}
 * (429) when a rule refuses. Subjects are stored as keyed hashes: no email or IP in Redis key names.
 */
@ApplicationScoped
public class RateLimits {

    private final SlidingWindowLimiter limiter;
    private final RateLimitConfig config;
    private final ClientAddress address;
    private final String prefix;
    private final byte[] subjectKey;

    RateLimits(SlidingWindowLimiter limiter, RateLimitConfig config, ClientAddress address, AgencyVerifyConfig service,
            SecretsConfig secrets) {
        this.limiter = limiter;
        this.config = config;
        this.address = address;
        this.prefix = service.redis().keyPrefix() + "rl:";
        // Derived, so every replica computes the same keys without another secret to deploy.
        this.subjectKey = Hmacs.sha256(Base64.getDecoder().decode(secrets.keyEncryptionSecret()),
                "agency-verify rate limit subjects".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Before any check of a verification start: caller IP, portal (Keycloak client), the requester at
     * that portal ({@link Requesters}) and the email that requester asks for.
     */
    public void verificationStart(String portalClientId, String requester, String email) {
        var rules = config.verificationStart();
        String atPortal = portalClientId + "/" + requester;
        apply(bucket("verification-start.per-ip", address.current(), rules.perIp()),
                bucket("verification-start.per-portal", String.valueOf(portalClientId), rules.perPortal()),
                bucket("verification-start.per-requester", atPortal, rules.perRequester()),
                bucket("verification-start.per-requester-email", atPortal + "/" + normalized(email), rules.perRequesterEmail()));
    }

    /**
     * Once the credentials passed: only someone who holds the officer's credentials gets here, so
     * strangers' failed starts never use up an officer's or an agency's starts.
     */
    public void verificationPassed(UUID officerId, UUID agencyId) {
        var rules = config.verificationStart();
        apply(bucket("verification-start.per-officer", officerId.toString(), rules.perOfficer()),
                bucket("verification-start.per-agency", agencyId.toString(), rules.perAgency()));
    }

    /** An agency system's answer to one confirmation request, before its signature is checked. */
    public void confirmation(UUID confirmationId) {
        var rules = config.confirmation();
        apply(bucket("confirmation.per-ip", address.current(), rules.perIp()),
                bucket("confirmation.per-confirmation", confirmationId.toString(), rules.perConfirmation()));
    }

    public void introspection(UUID portalId) {
        apply(bucket("introspection.per-portal", portalId.toString(), config.introspection().perPortal()));
    }

    /** The introspection limit and a read of {@code keys} in one round trip; the values, or a 429. */
    public List<String> introspectionAndRead(UUID portalId, List<String> keys) {
        SlidingWindowLimiter.Read read = limiter.acquireAndRead(
                List.of(bucket("introspection.per-portal", portalId.toString(), config.introspection().perPortal())), keys);
        refuseUnless(read.decision());
        return read.values();
    }

    public void revocation(UUID portalId) {
        apply(bucket("revocation.per-portal", portalId.toString(), config.revocation().perPortal()));
    }

    /** Operators and agency admins, per Keycloak subject. */
    public void admin(String subject) {
        apply(bucket("admin.per-caller", subject, config.admin().perCaller()));
    }

    private void apply(Bucket... buckets) {
        refuseUnless(limiter.acquire(List.of(buckets)));
    }

    private static void refuseUnless(Decision decision) {
        if (!decision.allowed()) {
            Log.debugf("Rate limit %s refused a request for %d ms", decision.rule(), decision.waitMillis());
            throw new RateLimitedException(decision.retryAfterSeconds());
        }
    }

    private Bucket bucket(String rule, String subject, Rate rate) {
        String digest = HexFormat.of().formatHex(Hmacs.sha256(subjectKey, subject.getBytes(StandardCharsets.UTF_8)), 0, 16);
        return new Bucket(rule, prefix + rule + ":" + digest, rate);
    }

    private static String normalized(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }
}
