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
    void aChainAsAuditLogWritesItHoldsAndGapsAreOnlyCounted() {
        List<Stored> chain = chain(1, 2, 5, 6);
        ChainCheck check = ChainCheck.fromGenesis();
        chain.forEach(e -> assertEquals(Optional.empty(), check.accept(e)));
        assertEquals(4, check.checked());
        assertEquals(2, check.gaps());
        assertEquals(6L, check.lastSequence());
        assertEquals(chain.get(3).hash(), check.lastHash());
    }

    @Test
    void anEditedEventIsTheBrokenOne() {
        List<Stored> chain = chain(1, 2, 3);
        Stored edited = chain.get(1);
        chain.set(1, new Stored(edited.sequence(), edited.occurredAt(), edited.actor(), edited.action(), edited.subjectType(),
                edited.subjectId(), edited.requestId(), "{\"forged\":true}", edited.previousHash(), edited.hash()));
        assertEquals(List.of(Optional.empty(), Optional.of(Problem.HASH_MISMATCH)), feed(ChainCheck.fromGenesis(), chain));
    }

    @Test
    void aDeletedEventBreaksTheLinkOfTheNextAndSoDoesADeletedFirstEvent() {
        List<Stored> chain = chain(1, 2, 3);
        chain.remove(1);
        assertEquals(List.of(Optional.empty(), Optional.of(Problem.PREVIOUS_HASH_MISMATCH)), feed(ChainCheck.fromGenesis(), chain));
        chain.remove(0);
        assertEquals(List.of(Optional.of(Problem.PREVIOUS_HASH_MISMATCH)), feed(ChainCheck.fromGenesis(), chain));
    }

    @Test
    void aRehashedEventBreaksTheLinkOfTheNext() {
        List<Stored> chain = chain(1, 2, 3);
        Stored old = chain.get(1);
        String rehash = AuditChain.hash(old.previousHash(), AT, "forger", old.action(), old.subjectType(), old.subjectId(), null, "{}");
        chain.set(1, new Stored(2, AT, "forger", old.action(), old.subjectType(), old.subjectId(), null, "{}", old.previousHash(), rehash));
        assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.of(Problem.PREVIOUS_HASH_MISMATCH)),
                feed(ChainCheck.fromGenesis(), chain));
    }

    @Test
    void aCheckpointMustBeTheFirstEventWithItsHash() {
        List<Stored> chain = chain(1, 2, 3);
        ChainCheck resumed = ChainCheck.fromCheckpoint(2, chain.get(1).hash());
        assertEquals(List.of(Optional.empty(), Optional.empty()), feed(resumed, chain.subList(1, 3)));
        assertEquals(0, resumed.gaps());
        assertEquals(List.of(Optional.of(Problem.CHECKPOINT_MISMATCH)),
                feed(ChainCheck.fromCheckpoint(2, "f".repeat(64)), chain.subList(1, 3)));
        assertEquals(List.of(Optional.of(Problem.CHECKPOINT_MISMATCH)),
                feed(ChainCheck.fromCheckpoint(2, chain.get(1).hash()), chain.subList(2, 3)));
        assertNull(ChainCheck.fromCheckpoint(2, "x").lastSequence());
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
