package org.agencyverify.common.outbox;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drains the outbox: right after a transaction that added a message commits (on a thread of its own,
 * never the request's), and on a schedule for retries, restarts and other replicas' messages. One
 * message failing never holds up the others; one drain runs at a time per replica, and a wake-up that
 * comes during a drain makes it look once more.
 */
@ApplicationScoped
public class OutboxWorker {

    static final String JOB = "outbox";

    private final Outbox outbox;
    private final Scheduler scheduler;
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ExecutorService wakeThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-wake");
        thread.setDaemon(true);
        return thread;
    });

    OutboxWorker(Outbox outbox, Scheduler scheduler) {
        this.outbox = outbox;
        this.scheduler = scheduler;
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxEnqueued enqueued) {
        if (scheduler.isPaused(JOB)) {
            return; // the outbox is held (Scheduler.pause("outbox")): nothing goes out until it resumes
        }
        wanted.set(true);
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                wakeThread.execute(() -> {
                    wakeQueued.set(false);
                    ManagedContext requestContext = Arc.container().requestContext();
                    requestContext.activate();
                    try {
                        drainWhileWanted();
                    } finally {
                        requestContext.terminate();
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                wakeQueued.set(false);
            }
        }
    }

    @Scheduled(identity = JOB, every = "${agency-verify.outbox.worker-interval}", delayed = "${agency-verify.outbox.worker-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        wanted.set(true);
        drainWhileWanted();
    }

    /** Whoever finds a drain running leaves the wish behind; the running drain sees it when it ends. */
    private void drainWhileWanted() {
        while (wanted.get() && draining.compareAndSet(false, true)) {
            try {
                wanted.set(false);
                drain();
            } finally {
                draining.set(false);
            }
        }
    }

    private void drain() {
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

    @PreDestroy
    void stop() {
        // Not interrupted: a delivery under way finishes (or fails) as a scheduled one would.
        wakeThread.shutdown();
    }
}
