package org.agencyverify.common.outbox;

import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Outbound deliveries that must not be lost. {@link #enqueue} joins the caller's transaction, so a
 * message exists exactly when the decision that needs it was stored; {@link #deliver} sends one message
 * in its own transaction with the row locked ({@code FOR UPDATE SKIP LOCKED}), so two replicas never
 * send the same message at once, and what was not sent before a restart is sent after it.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final Map<String, OutboxHandler> handlers;
    private final OutboxConfig config;
    private final Event<OutboxEnqueued> enqueued;

    Outbox(EntityManager entityManager, @All List<OutboxHandler> handlers, OutboxConfig config, Event<OutboxEnqueued> enqueued) {
        this.entityManager = entityManager;
        this.handlers = handlers.stream().collect(Collectors.toMap(OutboxHandler::kind, Function.identity()));
        this.config = config;
        this.enqueued = enqueued;
    }

    /** Adds a message about {@code subjectId}, due now, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String kind, UUID subjectId) {
        if (!handlers.containsKey(kind)) {
            throw new IllegalArgumentException("no outbox handler for " + kind);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        OutboxMessage message = new OutboxMessage();
        message.id = UUID.randomUUID();
        message.kind = kind;
        message.subjectId = subjectId;
        message.status = OutboxMessage.Status.PENDING;
        message.nextAttemptAt = now;
        message.createdAt = now;
        message.persist();
        // Heard by the worker after the commit (never if it rolls back): sent now, not at the next run.
        enqueued.fire(new OutboxEnqueued(kind));
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<UUID> due() {
        return entityManager.createNativeQuery("SELECT id FROM outbox_message WHERE status = 'PENDING'"
                + " AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ?1", UUID.class)
                .setParameter(1, config.batchSize()).getResultList();
    }

    /**
     * Makes the pending message about {@code subjectId} due now (someone asked for it again), in the
     * caller's transaction; nothing happens when it is no longer pending.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dueNow(String kind, UUID subjectId) {
        OutboxMessage.<OutboxMessage>find("kind = ?1 and subjectId = ?2 and status = ?3", kind, subjectId,
                OutboxMessage.Status.PENDING).firstResultOptional()
                .ifPresent(message -> message.nextAttemptAt = Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** Attempts one message, unless another replica holds it or it is no longer due. */
    @Transactional
    public void deliver(UUID messageId) {
        List<?> locked = entityManager.createNativeQuery("SELECT id FROM outbox_message WHERE id = ?1"
                + " AND status = 'PENDING' AND next_attempt_at <= now() FOR UPDATE SKIP LOCKED")
                .setParameter(1, messageId).getResultList();
        if (locked.isEmpty()) {
            return;
        }
        OutboxMessage message = OutboxMessage.findById(messageId);
        OutboxHandler handler = handlers.get(message.kind);
        OutboxHandler.RetryPolicy policy = handler.retryPolicy().orElseGet(this::defaultPolicy);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        message.attempts++;
        try {
            OutboxHandler.Result result = handler.deliver(message.subjectId, message.attempts);
            message.status = result == OutboxHandler.Result.DELIVERED ? OutboxMessage.Status.DELIVERED : OutboxMessage.Status.OBSOLETE;
            message.deliveredAt = result == OutboxHandler.Result.DELIVERED ? now : null;
            message.lastError = null;
        } catch (DeliveryFailed e) {
            message.lastError = e.getMessage();
            if (message.attempts >= policy.maxAttempts()) {
                message.status = OutboxMessage.Status.FAILED;
                Log.warnf("Outbox %s %s failed for good after %d attempts: %s", message.kind, message.id, message.attempts,
                        e.getMessage());
                handler.failedForGood(message.subjectId, e.getMessage());
            } else {
                message.nextAttemptAt = now.plus(backoff(policy, message.attempts));
                Log.infof("Outbox %s %s attempt %d failed (%s); next at %s", message.kind, message.id, message.attempts,
                        e.getMessage(), message.nextAttemptAt);
            }
        }
    }

    private OutboxHandler.RetryPolicy defaultPolicy() {
        return new OutboxHandler.RetryPolicy(config.maxAttempts(), config.retryBackoff(), config.maxBackoff());
    }

    /**
     * A delivery that broke (a bug, not a refusal): its transaction rolled back, so this records the
     * attempt in a new one. Without it the message would stay due and break again every run, forever.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordBroken(UUID messageId, String reason) {
        List<?> locked = entityManager.createNativeQuery("SELECT id FROM outbox_message WHERE id = ?1"
                + " AND status = 'PENDING' FOR UPDATE SKIP LOCKED").setParameter(1, messageId).getResultList();
        if (locked.isEmpty()) {
            return;
        }
        OutboxMessage message = OutboxMessage.findById(messageId);
        OutboxHandler handler = handlers.get(message.kind);
        OutboxHandler.RetryPolicy policy = handler.retryPolicy().orElseGet(this::defaultPolicy);
        message.attempts++;
        message.lastError = "broken: " + reason;
        if (message.attempts >= policy.maxAttempts()) {
            message.status = OutboxMessage.Status.FAILED;
            Log.warnf("Outbox %s %s failed for good after %d attempts: %s", message.kind, message.id, message.attempts,
                    message.lastError);
            handler.failedForGood(message.subjectId, message.lastError);
        } else {
            message.nextAttemptAt = Instant.now().truncatedTo(ChronoUnit.MICROS).plus(backoff(policy, message.attempts));
        }
    }

    /** Exponential: base, 2 x base, 4 x base... capped. */
    static Duration backoff(OutboxHandler.RetryPolicy policy, int attempts) {
        Duration delay = policy.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : delay;
    }
}
