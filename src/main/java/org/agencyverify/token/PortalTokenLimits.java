package org.agencyverify.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.agencyverify.common.ratelimit.Rate;
import org.agencyverify.common.ratelimit.RateLimiter;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Bucket;

/** The limits of a portal's introspection (its hot path, so the limit is high) and revocation calls. */
@ApplicationScoped
public class PortalTokenLimits {

    /** {@code agency-verify.rate-limits.introspection.*} (POST /v1/tokens/introspect). */
    @ConfigMapping(prefix = "agency-verify.rate-limits.introspection")
    public interface IntrospectionConfig {
        /** Per calling portal. */
        @WithDefault("3000/1S")
        Rate perPortal();

        /**
         * Slots a replica takes from a portal's shared window at once and spends without a Redis round trip
         * (at most the limit, at most 1000); a portal may go over its limit by at most this many per replica
         * in any window.
         */
        @WithDefault("30")
        int lease();
    }

    /** {@code agency-verify.rate-limits.revocation.*} (POST /v1/tokens/revoke). */
    @ConfigMapping(prefix = "agency-verify.rate-limits.revocation")
    public interface RevocationConfig {
        /** Per calling portal. */
        @WithDefault("300/1M")
        Rate perPortal();
    }

    private final RateLimiter limiter;
    private final RevocationBus bus;
    private final IntrospectionConfig introspection;
    private final RevocationConfig revocation;
    private final Map<UUID, Bucket> introspectionBuckets = new ConcurrentHashMap<>();

    PortalTokenLimits(RateLimiter limiter, RevocationBus bus, IntrospectionConfig introspection, RevocationConfig revocation) {
        this.limiter = limiter;
        this.bus = bus;
        this.introspection = introspection;
        this.revocation = revocation;
    }

    /**
     * One introspection of this portal, without blocking: done, or a failure with a 429 (or a 503). From this
     * replica's lease of the portal's window while the revocation channel is alive; while it is not, Redis may be
     * down, and each call takes its slot from Redis itself, so a Redis that is gone is a 503, never an answer.
     */
    public Uni<Void> introspection(UUID portalId) {
        return limiter.applyLeased(introspectionBucket(portalId), introspection.lease(), bus.cache().healthy());
    }

    public void revocation(UUID portalId) {
        limiter.apply(limiter.bucket("revocation.per-portal", portalId.toString(), revocation.perPortal()));
    }

    private Bucket introspectionBucket(UUID portalId) {
        // Its key is an HMAC of the portal's id: made once per portal, not on every call of the hot path.
        if (introspectionBuckets.size() > 10_000) {
            introspectionBuckets.clear();
        }
        return introspectionBuckets.computeIfAbsent(portalId,
                id -> limiter.bucket("introspection.per-portal", id.toString(), introspection.perPortal()));
    }
}
