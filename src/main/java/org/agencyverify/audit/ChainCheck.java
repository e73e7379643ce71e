package org.agencyverify.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Checks stored events one at a time, in sequence order, against the rule {@link AuditLog} writes
 * by: each hash recomputes from its own fields, and each previous hash is the hash of the event
 * stored just before. Holds only the last hash, so a walk of any length runs in constant memory.
 *
 * <p>A gap in the sequence numbers is not by itself a break: the identity sequence skips a number
 * whenever an append rolls back (or PostgreSQL restarts after a crash), and such an append never
 * became part of the chain. A deleted event, by contrast, breaks the link of the event after it.
 * Gaps are counted for the report.
 */
public final class ChainCheck {

    /** What is wrong with the first broken event, as the verify endpoint reports it. */
    public enum Problem {
        /** The event's fields no longer give its hash: it was edited. */
        HASH_MISMATCH("hash-mismatch"),
        /** The event does not link to the one stored before it: an event was deleted, inserted or replaced there. */
        PREVIOUS_HASH_MISMATCH("previous-hash-mismatch"),
        /** The checkpoint to resume from is missing or no longer has the hash it was known by. */
        CHECKPOINT_MISMATCH("checkpoint-mismatch");

        private final String code;

        Problem(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** One stored event, details already in canonical form. */
    public record Stored(long sequence, Instant occurredAt, String actor, String action, String subjectType,
            String subjectId, String requestId, String canonicalDetails, String previousHash, String hash) {}

    private final Long checkpoint;
    private final String checkpointHash;
    private String expectedPrevious;
    private Long lastSequence;
    private String lastHash;
    private long checked;
    private long gaps;

    private ChainCheck(Long checkpoint, String checkpointHash) {
        this.checkpoint = checkpoint;
        this.checkpointHash = checkpointHash;
        this.expectedPrevious = checkpoint == null ? AuditChain.GENESIS : null;
    }

    /** A walk of the whole chain: the first event links to {@link AuditChain#GENESIS}. */
    public static ChainCheck fromGenesis() {
        return new ChainCheck(null, null);
    }

    /**
     * A walk that trusts one earlier, known-good event (its sequence and hash, e.g. the {@code lastSequence}
     * and {@code lastHash} of an earlier verification kept outside the database): the first event seen must
     * be that one, with that hash.
     */
    public static ChainCheck fromCheckpoint(long sequence, String hash) {
        return new ChainCheck(sequence, hash);
    }

    /** Checks the next stored event; empty when it holds, else what broke (and nothing more should be fed). */
    public Optional<Problem> accept(Stored event) {
        if (lastSequence == null && checkpoint != null
                && (event.sequence() != checkpoint || !event.hash().equals(checkpointHash))) {
            return Optional.of(Problem.CHECKPOINT_MISMATCH);
        }
        if (expectedPrevious != null && !expectedPrevious.equals(event.previousHash())) {
            return Optional.of(Problem.PREVIOUS_HASH_MISMATCH);
        }
        String recomputed = AuditChain.hash(event.previousHash(), event.occurredAt(), event.actor(), event.action(),
                event.subjectType(), event.subjectId(), event.requestId(), event.canonicalDetails());
        if (!recomputed.equals(event.hash())) {
            return Optional.of(Problem.HASH_MISMATCH);
        }
        long previousSequence = lastSequence != null ? lastSequence : (checkpoint != null ? event.sequence() - 1 : 0);
        gaps += event.sequence() - previousSequence - 1;
        expectedPrevious = event.hash();
        lastSequence = event.sequence();
        lastHash = event.hash();
        checked++;
        return Optional.empty();
    }

    /** Events that held so far. */
    public long checked() {
        return checked;
    }

    /** Sequence numbers skipped between the events that held (rolled-back appends; see the class comment). */
    public long gaps() {
        return gaps;
    }

    /** The last event that held: where a later walk may resume. Null before any. */
    public Long lastSequence() {
        return lastSequence;
    }

    public String lastHash() {
        return lastHash;
    }
}
