package org.agencyverify.common.outbox;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Drains the outbox on a schedule; one message failing never holds up the others. */
@ApplicationScoped
public class OutboxWorker {

    private final Outbox outbox;

    OutboxWorker(Outbox outbox) {
        this.outbox = outbox;
    }

    @Scheduled(identity = "outbox", every = "${agency-verify.outbox.worker-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        List<UUID> due;
        try {
            due = outbox.due();
        } catch (RuntimeException e) {
            // PostgreSQL is down or failing over: one line per run, not the scheduler's stack trace.
            Log.warnf("Outbox not read (%s); retried next run", e.getClass().getSimpleName());
            return;
        }
        for (UUID id : due) {
            try {
                outbox.deliver(id);
            } catch (RuntimeException e) {
                Log.warnf("Outbox message %s broke (%s); counted as a failed attempt", id, e.getClass().getSimpleName());
                try {
                    outbox.recordBroken(id, e.getClass().getSimpleName());
                } catch (RuntimeException again) {
                    // PostgreSQL itself is failing: the message stays due and is tried on the next run.
                    Log.warnf("Outbox message %s: the failed attempt could not be recorded (%s)", id, again.getClass().getSimpleName());
                }
            }
        }
    }
}
