package org.agencyverify.risk;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;

/**
 * Windowed counts of refused starts in Redis: per source (portal and requester), per source and email
 * (the email as asked, whether or not anyone has it, so a block tells nothing about who exists), the
 * failed password checks per portal and email, and per officer the failures a stranger cannot produce.
 * Also the requesters at which an officer's credentials passed. Redis down is a 503, never a skipped count.
 */
@ApplicationScoped
public class FailureCounters {

    private final ValueCommands<String, Long> counters;
    private final ValueCommands<String, String> values;
    private final KeyCommands<String> keys;
    private final String prefix;
    private final RiskConfig.CredentialFailures config;

    FailureCounters(RedisDataSource redis, AgencyVerifyConfig service, RiskConfig config) {
        this.counters = redis.value(Long.class);
        this.values = redis.value(String.class);
        this.keys = redis.key(String.class);
        this.prefix = service.redis().keyPrefix() + "risk:";
        this.config = config.credentialFailures();
    }

    /** Whether this source is blocked, for every email or for this one. */
    public boolean blocked(String source, String email) {
        return call(() -> keys.exists(prefix + "blocked:" + source) || keys.exists(prefix + "blocked:" + source + ":" + hash(email)));
    }

    /** Counts a refused start from {@code source} for {@code email}; blocks the source (or the pair) at the thresholds. */
    public void refused(String source, String email) {
        call(() -> {
            if (increment(prefix + "source:" + source) >= config.sourceThreshold()) {
                values.set(prefix + "blocked:" + source, "1", new SetArgs().px(config.sourceBlock()));
            }
            String pair = source + ":" + hash(email);
            if (increment(prefix + "source-email:" + pair) >= config.sourceEmailThreshold()) {
                values.set(prefix + "blocked:" + pair, "1", new SetArgs().px(config.sourceBlock()));
            }
            return null;
        });
    }

    /**
     * Whether this portal has used up its password checks for this email in the window. Tokens are never
     * held back by it: a token cannot be guessed.
     */
    public boolean passwordChecksSpent(UUID portalId, String email) {
        return call(() -> {
            Long count = counters.get(prefix + "portal-email:" + portalId + ":" + hash(email));
            return count != null && count >= config.portalEmailThreshold();
        });
    }

    /** Counts a password check Keycloak refused for this email at this portal. */
    public void passwordCheckFailed(UUID portalId, String email) {
        call(() -> increment(prefix + "portal-email:" + portalId + ":" + hash(email)));
    }

    /** Whether the officer's credentials passed at this source before (it keeps only its own limits). */
    public boolean knownRequester(UUID officerId, String source) {
        return officerId != null && call(() -> keys.exists(prefix + "known:" + officerId + ":" + hash(source)));
    }

    /** The officer's credentials passed at this source. */
    public void rememberRequester(UUID officerId, String source) {
        call(() -> {
            values.set(prefix + "known:" + officerId + ":" + hash(source), "1", new SetArgs().px(config.knownRequesterFor()));
            return null;
        });
    }

    /** Counts a failed credential check of the officer; answers the count in the window, this one included. */
    public long officerFailed(UUID officerId) {
        return call(() -> increment(prefix + "officer:" + officerId));
    }

    /** The officer's failed credential checks in the window. */
    public long officerFailures(UUID officerId) {
        return call(() -> {
            Long count = counters.get(prefix + "officer:" + officerId);
            return count == null ? 0L : count;
        });
    }

    private long increment(String key) {
        long count = counters.incr(key);
        if (count == 1) {
            // The window starts with the first failure; a fixed window is enough to slow guessing down.
            keys.pexpire(key, config.window().toMillis());
        }
        return count;
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis", e);
        }
    }
}
