package org.agencyverify.common.ratelimit;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.crypto.Hmacs;
import org.agencyverify.common.crypto.SecretsConfig;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Bucket;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Decision;

/**
 * The limiter every feature's limits run through: sliding windows in Redis shared by every replica.
 * Each feature writes its own rules and keys (verification's starts, confirmation's answers, token's
 * introspection and revocation, the admin API here); this class turns them into buckets and applies
 * them in one Redis round trip, throwing {@link RateLimitedException} (429) when a rule refuses.
 * Subjects are stored as keyed hashes: no email or IP in Redis key names.
 */
@ApplicationScoped
public class RateLimiter {

    private final SlidingWindowLimiter limiter;
    private final SlotLeases leases;
    private final ClientAddress address;
    private final AdminRateLimitConfig admin;
    private final String prefix;
    private final byte[] subjectKey;

    RateLimiter(SlidingWindowLimiter limiter, SlotLeases leases, ClientAddress address, AdminRateLimitConfig admin, AgencyVerifyConfig service,
            SecretsConfig secrets) {
        this.limiter = limiter;
        this.leases = leases;
        this.address = address;
        this.admin = admin;
        this.prefix = service.redis().keyPrefix() + "rl:";
        // Derived, so every replica computes the same keys without another secret to deploy.
        this.subjectKey = Hmacs.sha256(Base64.getDecoder().decode(secrets.keyEncryptionSecret()),
                "agency-verify rate limit subjects".getBytes(StandardCharsets.UTF_8));
    }

    /** The address of the caller of the request being served. */
    public String callerAddress() {
        return address.current();
    }

    /** Operators and agency admins, per Keycloak subject. */
    public void admin(String subject) {
        apply(bucket("admin.per-caller", subject, admin.perCaller()));
    }

    /** Takes one unit from every bucket, or none and a 429 when any refuses. */
    public void apply(Bucket... buckets) {
        refuseUnless(limiter.acquire(List.of(buckets)));
    }

    /**
     * As {@link #apply}, and a read of {@code keys} in the same round trip, without blocking (the event
     * loop may call it): the values, or a failure with {@link RateLimitedException} (429) or a 503.
     */
    public Uni<List<String>> applyAndRead(List<Bucket> buckets, List<String> keys) {
        return limiter.acquireAndReadAsync(buckets, keys).map(read -> {
            refuseUnless(read.decision());
            return read.values();
        });
    }

    /**
     * One unit of {@code bucket} without blocking, from this replica's lease of up to {@code batch} units taken
     * from the shared window at once ({@link SlotLeases}: no round trip for most calls; the limit may be exceeded
     * by at most {@code batch} per replica and window), or, when {@code leased} is false, taken from it exactly.
     * Done, or a failure with {@link RateLimitedException} (429) or a 503.
     */
    public Uni<Void> applyLeased(Bucket bucket, int batch, boolean leased) {
        return (leased ? leases.acquire(bucket, batch) : leases.acquireExactly(bucket)).map(decision -> {
            refuseUnless(decision);
            return null;
        });
    }

    /** The bucket of {@code rule} (its name in logs and keys) for {@code subject}, hashed. */
    public Bucket bucket(String rule, String subject, Rate rate) {
        String digest = HexFormat.of().formatHex(Hmacs.sha256(subjectKey, subject.getBytes(StandardCharsets.UTF_8)), 0, 16);
        return new Bucket(rule, prefix + rule + ":" + digest, rate);
    }

    /** Lower-cased and stripped, so one subject spelled two ways shares a bucket. */
    public static String normalized(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }

    private static void refuseUnless(Decision decision) {
        if (!decision.allowed()) {
            Log.debugf("Rate limit %s refused a request for %d ms", decision.rule(), decision.waitMillis());
            throw new RateLimitedException(decision.retryAfterSeconds());
        }
    }
}
