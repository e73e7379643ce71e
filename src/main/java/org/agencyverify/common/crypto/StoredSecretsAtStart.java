package org.agencyverify.common.crypto;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

/**
 * At start, tries every sealed value the service stores under the configured keys (a wrong key must
 * keep the service from becoming ready, not fail each request later) and reseals under the current
 * key what only a previous key opens. Each reseal is a transaction of its own under a row lock, so
 * replicas starting together each reseal a row at most once between them. Should the database not
 * answer at start, the readiness check asks again.
 */
@ApplicationScoped
public class StoredSecretsAtStart {

    private final StoredSecrets secrets;
    private final Instance<SealedValues> kinds;
    private final Event<SecretsResealed> resealed;
    private SecretsSurvey survey;

    StoredSecretsAtStart(StoredSecrets secrets, Instance<SealedValues> kinds, Event<SecretsResealed> resealed) {
        this.secrets = secrets;
        this.kinds = kinds;
        this.resealed = resealed;
    }

    void onStart(@Observes StartupEvent event) {
        survey();
    }

    /** The survey made at start, made now if it could not be then; empty while the database does not answer. */
    synchronized Optional<SecretsSurvey> survey() {
        if (survey == null) {
            // Outside the try: a malformed key must stop the start, not wait for the database.
            KeyRing keys = secrets.keys();
            try {
                survey = SecretsSurvey.of(keys, kinds);
                report(survey);
            } catch (RuntimeException e) {
                // Class name only: JDBC messages may carry connection details.
                Log.warnf("Stored secrets not checked yet (%s); the readiness check tries again", e.getClass().getSimpleName());
            }
        }
        return Optional.ofNullable(survey);
    }

    private void report(SecretsSurvey done) {
        if (done.resealed() > 0) {
            QuarkusTransaction.requiringNew().run(() -> resealed.fire(new SecretsResealed(done.resealedCounts())));
            Log.info(done.resealedLine());
        } else if (done.previousKeys() > 0 && done.unreadable() == 0) {
            Log.infof("No stored secret needs a previous key-encryption key any more: remove them from %s.",
                    SecretsSurvey.PREVIOUS_PROPERTY);
        }
        if (done.unreadable() > 0) {
            Log.error(done.problem());
        }
    }
}
