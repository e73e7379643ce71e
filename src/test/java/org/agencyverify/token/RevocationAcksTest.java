package org.agencyverify.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Who a revocation waits for: the replicas heard lately, until each acknowledged or the deadline. */
class RevocationAcksTest {

    private static final long LAPSE = 1_000_000_000L;

    @Test
    void waitsForEveryReplicaHeardLatelyUntilItAcknowledges() throws InterruptedException {
        RevocationAcks acks = new RevocationAcks(LAPSE);
        long now = System.nanoTime();
        acks.heard("b", now);
        acks.heard("c", now);
        acks.expect("r1", now);
        acks.acknowledged("r1", "b");
        assertEquals(1, acks.await("r1", System.nanoTime() + 20_000_000), "c has not acknowledged");
        acks.acknowledged("r1", "c");
        assertEquals(0, acks.await("r1", System.nanoTime() + 20_000_000));
        acks.forget("r1");
    }

    @Test
    void aReplicaNotHeardForTwoLapsesOrGoneIsNotWaitedFor() throws InterruptedException {
        RevocationAcks acks = new RevocationAcks(LAPSE);
        long now = System.nanoTime();
        acks.heard("old", now - 2 * LAPSE);
        acks.heard("gone", now);
        acks.left("gone");
        acks.expect("r1", now);
        assertEquals(0, acks.await("r1", now), "nobody to wait for: answers at once");
    }

    @Test
    void anAcknowledgementOfAnotherRevocationCountsForNothing() throws InterruptedException {
        RevocationAcks acks = new RevocationAcks(LAPSE);
        long now = System.nanoTime();
        acks.heard("b", now);
        acks.expect("r1", now);
        acks.acknowledged("r2", "b");
        assertEquals(1, acks.await("r1", System.nanoTime() + 10_000_000));
    }
}
