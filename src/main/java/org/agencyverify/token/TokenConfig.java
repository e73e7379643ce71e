package org.agencyverify.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How trust tokens are signed, how long they live, and how keys rotate. */
@ConfigMapping(prefix = "agency-verify.tokens")
public interface TokenConfig {

    /** {@code iss} of every trust token; defaults to {@code agency-verify.public-url}. */
    Optional<String> issuer();

    /** Lifetime of a token for standard purposes; at most an hour (the service refuses to start otherwise). */
    @WithDefault("30M")
    Duration lifetime();

    /** Lifetime of a token for EMERGENCY requests: minutes. */
    @WithDefault("5M")
    Duration emergencyLifetime();

    /** The active signing key is replaced when it is older than this (checked every {@link #rotationCheckEvery()}). */
    @WithDefault("30D")
    Duration keyRotationPeriod();

    /** How often replicas check whether the key is due for rotation (scheduler syntax), or {@code off}. */
    @WithDefault("1h")
    String rotationCheckEvery();

    /** How often replicas check that the Redis token index is complete, and rebuild it when it is not. */
    @WithDefault("5s")
    String indexCheckEvery();

    /** How long the token endpoints remember a calling portal (no database query per introspection). */
    @WithDefault("5S")
    Duration portalCacheTtl();

    /** Cache-Control max-age of the JWKS: shorter than the time a NEXT key is published before it signs. */
    @WithDefault("5M")
    Duration jwksMaxAge();

    /**
     * The status list's {@code ttl}: how long a portal may cache it, its Cache-Control max-age, and the longest a
     * replica serves a list it could not confirm current. A revocation reaches every replica's list in
     * {@link #statusListCheckEvery()}, well within it.
     */
    @WithDefault("60S")
    Duration statusListTtl();

    /** {@code exp} - {@code iat} of a status list: longer than its ttl; replicas sign a fresh one every half ttl. */
    @WithDefault("10M")
    Duration statusListLifetime();

    /** How often each replica polls PostgreSQL for a revocation that changed the status list (scheduler syntax). */
    @WithDefault("1s")
    String statusListCheckEvery();
}
