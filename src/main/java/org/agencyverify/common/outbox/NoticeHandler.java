package org.agencyverify.common.outbox;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Delivers {@link OutboxNotice}s: locks the notice, drops it when it is no longer pending, and keeps
 * its delivery record in step with each attempt, so a feature writes only how it sends one and how it
 * records the outcome. (No constructor here: CDI proxies of the subclasses need a no-args one.)
 */
public abstract class NoticeHandler<N extends OutboxNotice> implements OutboxHandler {

    /** The notice with {@code id}, or null when there is none. */
    protected abstract N find(UUID id, LockModeType lock);

    /** Sends the notice once; {@link DeliveryFailed}'s reason becomes its last error. */
    protected abstract void send(N notice) throws DeliveryFailed;

    /** Records a delivery where people will see it; the notice already says it was delivered. */
    protected abstract void recordDelivered(N notice);

    /** Records that the last attempt failed; the notice already says it failed. */
    protected abstract void recordFailed(N notice, String reason);

    @Override
    public final Result deliver(UUID noticeId, int attempt) throws DeliveryFailed {
        N notice = find(noticeId, LockModeType.PESSIMISTIC_WRITE);
        if (notice == null || !notice.pending()) {
            return Result.OBSOLETE;
        }
        notice.attempted(attempt);
        try {
            send(notice);
        } catch (DeliveryFailed e) {
            notice.attemptFailed(e.getMessage());
            throw e;
        }
        notice.delivered(Instant.now().truncatedTo(ChronoUnit.MICROS));
        recordDelivered(notice);
        return Result.DELIVERED;
    }

    @Override
    public final void failedForGood(UUID noticeId, String reason) {
        N notice = find(noticeId, LockModeType.NONE);
        notice.failed();
        recordFailed(notice, reason);
    }
}
