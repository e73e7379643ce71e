package org.agencyverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.agencyverify.audit.ChainCheck.Problem;
import org.agencyverify.audit.ChainCheck.Stored;
import org.junit.jupiter.api.Test;

class ChainCheckTest {

    private static final Instant AT = Instant.parse("2026-11-23T01:02:03.456789Z");

    @Test
    void aChainAsAuditLogWritesItHolds() {
        List<Stored> chain = chain(1, 2, 3, 4);
        ChainCheck check = ChainCheck.fromGenesis(0);
        chain.forEach(e -> assertEquals(Optional.empty(), check.accept(e)));
        assertEquals(4, check.checked());
        assertEquals(0, check.gaps());
        assertEquals(4L, check.lastSequence());
    }

    @Test
    void aMissingNumberIsARemovedEventEvenWhenTheLinksWereRewrittenAroundIt() {
        // The forger removed event 3 and re-linked 4 to 2: every hash and link holds, only the number is missing.
        List<Stored> chain = chain(1, 2, 4, 5);
        assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.of(Problem.SEQUENCE_GAP)),
                feed(ChainCheck.fromGenesis(0), chain));
        assertEquals(List.of(Optional.empty(), Optional.of(Problem.SEQUENCE_GAP)),
                feed(ChainCheck.fromCheckpoint(2, chain.get(1).hash(), 0), chain.subList(1, 4)));
        // A chain whose first events were removed, re-linked to the genesis.
        assertEquals(List.of(Optional.of(Problem.SEQUENCE_GAP)), feed(ChainCheck.fromGenesis(0), chain(3, 4)));
    }

    @Test
    void gapsBeforeGapFreeNumberingBeganAreOnlyCounted() {
        // Events up to 6 were numbered by the identity sequence, which skipped rolled-back appends.
        List<Stored> chain = chain(1, 2, 5, 6, 7, 9);
        ChainCheck check = ChainCheck.fromGenesis(6);
        assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Problem.SEQUENCE_GAP)), feed(check, chain));
        assertEquals(5, check.checked());
        assertEquals(2, check.gaps());
        assertEquals(7L, check.lastSequence());
        assertEquals(chain.get(4).hash(), check.lastHash());
        assertEquals(List.of(Optional.empty(), Optional.empty()), feed(ChainCheck.fromGenesis(3), chain(1, 3)));
        assertEquals(List.of(Optional.empty(), Optional.of(Problem.SEQUENCE_GAP)), feed(ChainCheck.fromGenesis(2), chain(1, 3)),
                "the last event of the old numbering was stored when it ended: it cannot be missing");
    }

    @Test
    void anEditedEventIsTheBrokenOne() {
        List<Stored> chain = chain(1, 2, 3);
        Stored edited = chain.get(1);
        chain.set(1, new Stored(edited.sequence(), edited.occurredAt(), edited.actor(), edited.action(), edited.subjectType(),
                edited.subjectId(), edited.requestId(), "{\"forged\":true}", edited.previousHash(), edited.hash()));
        assertEquals(List.of(Optional.empty(), Optional.of(Problem.HASH_MISMATCH)), feed(ChainCheck.fromGenesis(0), chain));
    }

    @Test
    void aDeletedEventBreaksTheLinkOfTheNextAndSoDoesADeletedFirstEvent() {
        List<Stored> chain = chain(1, 2, 3);
        chain.remove(1);
        assertEquals(List.of(Optional.empty(), Optional.of(Problem.PREVIOUS_HASH_MISMATCH)), feed(ChainCheck.fromGenesis(0), chain));
        chain.remove(0);
        assertEquals(List.of(Optional.of(Problem.PREVIOUS_HASH_MISMATCH)), feed(ChainCheck.fromGenesis(0), chain));
    }

    @Test
    void aRehashedEventBreaksTheLinkOfTheNext() {
        List<Stored> chain = chain(1, 2, 3);
        Stored old = chain.get(1);
        String rehash = AuditChain.hash(old.previousHash(), AT, "forger", old.action(), old.subjectType(), old.subjectId(), null, "{}");
        chain.set(1, new Stored(2, AT, "forger", old.action(), old.subjectType(), old.subjectId(), null, "{}", old.previousHash(), rehash));
        assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.of(Problem.PREVIOUS_HASH_MISMATCH)),
                feed(ChainCheck.fromGenesis(0), chain));
    }

    @Test
    void aCheckpointMustBeTheFirstEventWithItsHash() {
        List<Stored> chain = chain(1, 2, 3);
        ChainCheck resumed = ChainCheck.fromCheckpoint(2, chain.get(1).hash(), 0);
        assertEquals(List.of(Optional.empty(), Optional.empty()), feed(resumed, chain.subList(1, 3)));
        assertEquals(0, resumed.gaps());
        assertEquals(List.of(Optional.of(Problem.CHECKPOINT_MISMATCH)),
                feed(ChainCheck.fromCheckpoint(2, "f".repeat(64), 0), chain.subList(1, 3)));
        assertEquals(List.of(Optional.of(Problem.CHECKPOINT_MISMATCH)),
                feed(ChainCheck.fromCheckpoint(2, chain.get(1).hash(), 0), chain.subList(2, 3)));
        assertNull(ChainCheck.fromCheckpoint(2, "x", 0).lastSequence());
    }

    /** Feeds until the first problem, as the verifier does. */
    private static List<Optional<Problem>> feed(ChainCheck check, List<Stored> events) {
        List<Optional<Problem>> results = new ArrayList<>();
        for (Stored event : events) {
            Optional<Problem> result = check.accept(event);
            results.add(result);
            if (result.isPresent()) {
                break;
            }
        }
        assertTrue(!results.isEmpty());
        return results;
    }

    private static List<Stored> chain(long... sequences) {
        List<Stored> chain = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (long sequence : sequences) {
            String details = "{\"n\":" + sequence + "}";
            String hash = AuditChain.hash(previous, AT, "system:x", "test.event", "test", "s", "req-1", details);
            chain.add(new Stored(sequence, AT, "system:x", "test.event", "test", "s", "req-1", details, previous, hash));
            previous = hash;
        }
        return chain;
    }
}
