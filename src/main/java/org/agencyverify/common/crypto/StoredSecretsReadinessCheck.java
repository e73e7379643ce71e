package org.agencyverify.common.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while a stored secret does not open under the configured keys: a replica with the wrong
 * key-encryption key would report ready and then fail every request that needs one. Liveness stays
 * up, since a restart with the same key does not help.
 */
@Readiness
@ApplicationScoped
public class StoredSecretsReadinessCheck implements HealthCheck {

    public static final String NAME = "stored-secrets";

    private final StoredSecretsAtStart atStart;

    StoredSecretsReadinessCheck(StoredSecretsAtStart atStart) {
        this.atStart = atStart;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named(NAME);
        Optional<SecretsSurvey> survey = atStart.survey();
        if (survey.isEmpty()) {
            return health.down().withData("reason", "not checked yet: the database did not answer").build();
        }
        survey.get().kinds().forEach(kind -> health.withData(kind.kind(), kind.unreadable() == 0
                ? kind.total() + " open" : kind.unreadable() + " of " + kind.total() + " do not open"));
        if (survey.get().unreadable() > 0) {
            return health.down().withData("reason", "the key-encryption key does not open stored secrets; see the log").build();
        }
        return health.up().build();
    }
}
