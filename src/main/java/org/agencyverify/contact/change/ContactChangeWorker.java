package org.agencyverify.contact.change;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Applies due changes; a failure of one never stops the others. (Their notifications go out through
 * the outbox: {@link ContactNoticeHandler}.)
 */
@ApplicationScoped
public class ContactChangeWorker {

    private final ContactChangeApplier applier;

    ContactChangeWorker(ContactChangeApplier applier) {
        this.applier = applier;
    }

    @Scheduled(identity = "contact-changes", every = "${agency-verify.contacts.worker-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        for (UUID id : applier.due()) {
            try {
                applier.apply(id);
            } catch (RuntimeException e) {
                Log.warnf("Contact change %s not applied (%s); retried next run", id, e.getClass().getSimpleName());
            }
        }
    }
}
