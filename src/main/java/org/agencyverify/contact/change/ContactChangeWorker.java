package org.agencyverify.contact.change;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;

/**
 * Applies due changes; a failure of one never stops the others. A change the service refuses to apply
 * is cancelled (it would be refused again on every run); one that failed for any other reason (Keycloak
 * down) is tried again next run. (Their notifications go out through the outbox: {@link ContactNoticeHandler}.)
 */
@ApplicationScoped
public class ContactChangeWorker {

    private final ContactChangeApplier applier;

    ContactChangeWorker(ContactChangeApplier applier) {
        this.applier = applier;
    }

    @Scheduled(identity = "contact-changes", every = "${agency-verify.contacts.worker-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        List<UUID> due;
        try {
            due = applier.due();
        } catch (RuntimeException e) {
            // PostgreSQL is down or failing over: one line per run, not the scheduler's stack trace.
            Log.warnf("Pending contact changes not read (%s); retried next run", e.getClass().getSimpleName());
            return;
        }
        for (UUID id : due) {
            try {
                applier.apply(id);
            } catch (ApiException e) {
                if (e.type().status() >= 500) {
                    Log.warnf("Change %s not applied (%s); retried next run", id, e.type().name());
                    continue;
                }
                Log.warnf("Change %s refused when it applied (%s); cancelled", id, e.type().name());
                try {
                    applier.refused(id, "refused: " + e.type().name().toLowerCase().replace('_', '-') + ": " + e.detail());
                } catch (RuntimeException again) {
                    Log.warnf("Change %s could not be cancelled (%s); tried again next run", id, again.getClass().getSimpleName());
                }
            } catch (RuntimeException e) {
                Log.warnf("Change %s not applied (%s); retried next run", id, e.getClass().getSimpleName());
            }
        }
    }
}
