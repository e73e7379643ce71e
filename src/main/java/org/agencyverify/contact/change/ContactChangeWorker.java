package org.agencyverify.contact.change;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Runs the outbox and applies due changes; a failure of one item never stops the others. */
@ApplicationScoped
public class ContactChangeWorker {

    private final NotificationOutbox outbox;
    private final ContactChangeApplier applier;

    ContactChangeWorker(NotificationOutbox outbox, ContactChangeApplier applier) {
        this.outbox = outbox;
        this.applier = applier;
    }

    @Scheduled(identity = "contact-changes", every = "${agency-verify.contacts.worker-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        for (UUID id : outbox.due(20)) {
            try {
                outbox.deliver(id);
            } catch (RuntimeException e) {
                Log.warnf("Notification %s not processed (%s); retried next run", id, e.getClass().getSimpleName());
            }
        }
        for (UUID id : applier.due()) {
            try {
                applier.apply(id);
            } catch (RuntimeException e) {
                Log.warnf("Contact change %s not applied (%s); retried next run", id, e.getClass().getSimpleName());
            }
        }
    }
}
