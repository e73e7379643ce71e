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
    }

    /** {@code agency-verify.rate-limits.revocation.*} (POST /v1/tokens/revoke). */
    @ConfigMapping(prefix = "agency-verify.rate-limits.revocation")
    public interface RevocationConfig {
        /** Per calling portal. */
        @WithDefault("300/1M")
        Rate perPortal();
    }

    private final RateLimiter limiter;
    private final IntrospectionConfig introspection;
    private final RevocationConfig revocation;
    private final Map<UUID, Bucket> introspectionBuckets = new ConcurrentHashMap<>();

    PortalTokenLimits(RateLimiter limiter, IntrospectionConfig introspection, RevocationConfig revocation) {
        this.limiter = limiter;
        this.introspection = introspection;
        this.revocation = revocation;
    }

    /** One introspection of this portal, without blocking: done, or a failure with a 429 (or a 503). */
    public Uni<Void> introspection(UUID portalId) {
        return limiter.applyAndRead(List.of(introspectionBucket(portalId)), List.of()).replaceWithVoid();
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
