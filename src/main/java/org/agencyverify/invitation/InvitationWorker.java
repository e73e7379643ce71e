package org.agencyverify.invitation;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Sends due invitations one at a time; a failure of one never stops the others. */
@ApplicationScoped
public class InvitationWorker {

    private final InvitationOutbox outbox;

    InvitationWorker(InvitationOutbox outbox) {
        this.outbox = outbox;
    }

    @Scheduled(identity = "invitations", every = "${agency-verify.invitations.worker-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        for (UUID id : outbox.due(20)) {
            try {
                outbox.send(id);
            } catch (RuntimeException e) {
                Log.warnf("Invitation %s not processed (%s); retried next run", id, e.getClass().getSimpleName());
            }
        }
    }
}
