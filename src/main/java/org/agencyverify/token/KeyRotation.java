package org.agencyverify.token;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.agencyverify.common.purpose.Purpose;

/** Rotates the signing key on schedule and drops retired keys once all their tokens expired. */
@ApplicationScoped
public class KeyRotation {

    private final SigningKeys keys;
    private final TokenConfig config;

    KeyRotation(SigningKeys keys, TokenConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** A lifetime over an hour is a configuration error: refuse to start rather than sign such tokens. */
    void checkLifetimes(@Observes StartupEvent event) {
        for (Purpose purpose : Purpose.values()) {
            TrustTokenClaims.lifetime(purpose, config.lifetime(), config.emergencyLifetime());
        }
    }

    @Scheduled(identity = "key-rotation", every = "${agency-verify.tokens.rotation-check-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        try {
            keys.rotateIfDue();
            keys.removeExpiredRetired();
        } catch (RuntimeException e) {
            Log.warnf("Key rotation check failed (%s); retried next run", e.getClass().getSimpleName());
        }
    }
}
