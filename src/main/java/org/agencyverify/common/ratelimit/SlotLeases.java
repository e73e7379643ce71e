package org.agencyverify.common.ratelimit;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Bucket;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Decision;

/**
 * A hot limit without a Redis round trip per call: this replica takes a batch of the bucket's slots from the
 * shared sliding window in one call ({@link SlidingWindowLimiter#leaseAsync}) and spends them locally; when
 * they run out it takes the next batch (that call is on the request's path, once a batch). Every slot is in
 * the shared window when taken, so within any window a bucket allows at most its limit plus what each replica
 * held unspent when the window began: at most {@code batch} per replica ({@link Lease}).
 */
@ApplicationScoped
class SlotLeases {

    // After this many refills raced away by other callers, the call takes its one slot directly (exact).
    private static final int ROUNDS = 3;
    private static final int MAX_BUCKETS = 10_000;
    // The script adds a batch's members in one ZADD: Lua's unpack() stops near 8,000 values.
    private static final int MAX_BATCH = 1_000;
    private static final Decision ALLOWED = new Decision(true, null, 0);

    private final SlidingWindowLimiter limiter;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    SlotLeases(SlidingWindowLimiter limiter) {
        this.limiter = limiter;
    }

    /** One slot of {@code bucket}, from this replica's lease of up to {@code batch} slots: done, or a refusal. */
    Uni<Decision> acquire(Bucket bucket, int batch) {
        return acquire(bucket, Math.max(1, Math.min(Math.min(batch, MAX_BATCH), bucket.rate().limit())), 0);
    }

    /** One slot taken from the shared window itself, dropping any lease held (for when leases must not be used). */
    Uni<Decision> acquireExactly(Bucket bucket) {
        Lease lease = leases.get(bucket.key());
        if (lease != null) {
            lease.drop();
        }
        return limiter.acquireAndReadAsync(List.of(bucket), List.of()).map(SlidingWindowLimiter.Read::decision);
    }

    private Uni<Decision> acquire(Bucket bucket, int batch, int round) {
        Lease lease = lease(bucket.key());
        long answer = lease.take(System.nanoTime());
        if (answer == Lease.TAKEN) {
            return Uni.createFrom().item(ALLOWED);
        }
        if (answer > 0) {
            return Uni.createFrom().item(new Decision(false, bucket.rule(), answer));
        }
        if (round >= ROUNDS) {
            return limiter.acquireAndReadAsync(List.of(bucket), List.of()).map(SlidingWindowLimiter.Read::decision);
        }
        return lease.refill(() -> Uni.createFrom().deferred(() -> {
            long sent = System.nanoTime();
            return limiter.leaseAsync(bucket, batch).invoke(granted -> {
                if (granted.slots() > 0) {
                    lease.granted(granted.slots(), sent, bucket.rate().window().toNanos());
                } else {
                    lease.refused(System.nanoTime(), granted.waitMillis());
                }
            }).replaceWithVoid();
        })).chain(() -> acquire(bucket, batch, round + 1));
    }

    private Lease lease(String key) {
        Lease lease = leases.get(key);
        if (lease != null) {
            return lease;
        }
        if (leases.size() > MAX_BUCKETS) {
            // Dropped leases only waste slots already counted: the safe side.
            leases.clear();
        }
        return leases.computeIfAbsent(key, k -> new Lease());
    }
}
