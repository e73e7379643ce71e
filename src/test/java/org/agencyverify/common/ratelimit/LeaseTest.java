package org.agencyverify.common.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One replica's lease on a bucket: spent locally, lapses with its window, remembers a refusal, one refill at a time. */
class LeaseTest {

    private static final long MS = 1_000_000;

    @Test
    void spendsItsSlotsThenIsEmpty() {
        Lease lease = new Lease();
        assertEquals(Lease.EMPTY, lease.take(0));
        lease.granted(2, 0, 1000 * MS);
        assertEquals(Lease.TAKEN, lease.take(1));
        assertEquals(Lease.TAKEN, lease.take(2));
        assertEquals(Lease.EMPTY, lease.take(3));
    }

    @Test
    void lapsesWhenItsSlotsLeaveTheWindow() {
        Lease lease = new Lease();
        lease.granted(5, 100 * MS, 1000 * MS);
        assertEquals(Lease.TAKEN, lease.take(1099 * MS));
        assertEquals(Lease.EMPTY, lease.take(1100 * MS), "counted from before the call that took them");
    }

    @Test
    void remembersARefusalUntilTheSlotFrees() {
        Lease lease = new Lease();
        lease.refused(0, 250);
        assertEquals(150, lease.take(100 * MS));
        assertEquals(Lease.EMPTY, lease.take(250 * MS));
        lease.refused(0, 0);
        assertTrue(lease.take(0) >= 1, "never a zero wait");
    }

    @Test
    void droppedHoldsNothing() {
        Lease lease = new Lease();
        lease.granted(5, 0, 1000 * MS);
        lease.drop();
        assertEquals(Lease.EMPTY, lease.take(1));
    }

    @Test
    void concurrentCallersShareOneRefill() {
        Lease lease = new Lease();
        AtomicInteger calls = new AtomicInteger();
        Uni<Void> first = lease.refill(() -> Uni.createFrom().voidItem().invoke(calls::incrementAndGet));
        Uni<Void> second = lease.refill(() -> Uni.createFrom().voidItem().invoke(calls::incrementAndGet));
        first.await().indefinitely();
        second.await().indefinitely();
        assertEquals(1, calls.get());
        lease.refill(() -> Uni.createFrom().voidItem().invoke(calls::incrementAndGet)).await().indefinitely();
        assertEquals(2, calls.get(), "a new refill once the last one ended");
    }
}
