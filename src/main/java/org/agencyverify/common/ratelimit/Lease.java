package org.agencyverify.common.ratelimit;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * One replica's lease on one bucket: slots taken from the shared window in one call and spent here. Plain
 * Java, unit-tested. At most one lease a bucket is held and at most one refill is in flight, so what a replica
 * holds unspent is never more than one batch: the over-limit bound of {@link SlotLeases}. A lease lapses with
 * its slots' window (counted from before the call that took them, so never after Redis lets them go), and a
 * refusal is remembered until the slot Redis named frees (no round trip for each refused call).
 */
final class Lease {

    /** The answer of {@link #take}: a slot was spent, none is held (refill), or refused for this long. */
    static final long TAKEN = 0;
    static final long EMPTY = -1;

    private int remaining;
    private long expiresAt;
    private long refusedUntil;
    private boolean refused;
    private Uni<Void> refilling;

    /** {@link #TAKEN}, {@link #EMPTY}, or the milliseconds (at least 1) until a slot frees. */
    synchronized long take(long nowNanos) {
        if (remaining > 0 && nowNanos - expiresAt < 0) {
            remaining--;
            return TAKEN;
        }
        if (refused && nowNanos - refusedUntil < 0) {
            return Math.max(1, (refusedUntil - nowNanos) / 1_000_000);
        }
        return EMPTY;
    }

    /** {@code slots} taken by a call sent at {@code sentNanos}: they count in the window until {@code windowNanos} later. */
    synchronized void granted(int slots, long sentNanos, long windowNanos) {
        remaining = slots;
        expiresAt = sentNanos + windowNanos;
        refused = false;
    }

    /** None taken: the window is full until a slot frees in {@code waitMillis}. */
    synchronized void refused(long nowNanos, long waitMillis) {
        remaining = 0;
        refused = true;
        refusedUntil = nowNanos + Math.max(1, waitMillis) * 1_000_000;
    }

    /** Forgets what is held (its slots stay counted in the window: the safe side). */
    synchronized void drop() {
        remaining = 0;
        refused = false;
    }

    /** The refill in flight, or a new one from {@code call}: concurrent callers share one. */
    synchronized Uni<Void> refill(Supplier<Uni<Void>> call) {
        if (refilling == null) {
            refilling = call.get().onTermination().invoke(this::refilled).memoize().indefinitely();
        }
        return refilling;
    }

    private synchronized void refilled() {
        refilling = null;
    }
}
