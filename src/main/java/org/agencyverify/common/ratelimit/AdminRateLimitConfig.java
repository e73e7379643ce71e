package org.agencyverify.common.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The operator and agency-admin API's limit (agencies, domains, officers, contacts, portals, keys).
 * Every limit is {@code LIMIT/WINDOW} (see {@link Rate}), shared by every replica through Redis; a
 * request over any rule of its endpoint gets a 429 with Retry-After. Each feature keeps its own
 * limits under {@code agency-verify.rate-limits}.
 */
@ConfigMapping(prefix = "agency-verify.rate-limits.admin")
public interface AdminRateLimitConfig {

    /** Per authenticated caller (Keycloak subject). */
    @WithDefault("300/1M")
    Rate perCaller();
}
