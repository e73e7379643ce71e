package org.agencyverify.verification;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;

/**
 * Redis state of verifications: Idempotency-Key answers and polling intervals. Every key carries the
 * configured prefix. Redis down is a 503, never a skipped check.
 */
@ApplicationScoped
public class VerificationFastState {

    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final String prefix;
    private final VerificationConfig config;

    VerificationFastState(RedisDataSource redis, AgencyVerifyConfig service, VerificationConfig config) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.prefix = service.redis().keyPrefix();
        this.config = config;
    }

    String idempotencyKey(UUID portalId, String key) {
        return prefix + "verification:idempotency:" + portalId + ":" + key;
    }

    String pollKey(UUID portalId, UUID verificationId) {
        return prefix + "verification:poll:" + verificationId + ":" + portalId;
    }

    /** Claims the key for this request; answers what an earlier request with the key stored, if any. */
    public String claimIdempotencyKey(UUID portalId, String key, String pending) {
        return call(() -> values.setGet(idempotencyKey(portalId, key), pending,
                new SetArgs().nx().px(config.idempotencyTtl())));
    }

    public void storeIdempotentAnswer(UUID portalId, String key, String answer) {
        call(() -> {
            values.set(idempotencyKey(portalId, key), answer, new SetArgs().px(config.idempotencyTtl()));
            return null;
        });
    }

    /** Lets a retry with the same key run again after a request that decided nothing (e.g. a 503). */
    public void releaseIdempotencyKey(UUID portalId, String key) {
        try {
            redis.key(String.class).del(idempotencyKey(portalId, key));
        } catch (RuntimeException e) {
            // The key expires on its own; the retry gets a 409 until then.
        }
    }

    /** Empty when this poll is allowed; else the seconds the portal must still wait. */
    public OptionalLong pollTooSoon(UUID portalId, UUID verificationId) {
        Duration interval = config.pollInterval();
        String key = pollKey(portalId, verificationId);
        return call(() -> {
            String previous = values.setGet(key, "1", new SetArgs().nx().px(interval));
            if (previous == null) {
                return OptionalLong.empty();
            }
            long ttl = redis.key(String.class).pttl(key);
            long millis = ttl > 0 ? ttl : interval.toMillis();
            return OptionalLong.of(Math.max(1, (millis + 999) / 1000));
        });
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis", e);
        }
    }
}
