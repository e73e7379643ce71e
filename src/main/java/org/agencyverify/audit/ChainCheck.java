package org.agencyverify.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Checks stored events one at a time, in sequence order, against the rule {@link AuditLog} writes
 * by: each hash recomputes from its own fields, and each previous hash is the hash of the event
 * stored just before. Holds only the last hash, so a walk of any length runs in constant memory.
 *
 * <p>Events are numbered without gaps ({@link AuditLog} gives each the previous number + 1 in the
 * appending transaction), so a missing number is a missing event: a break, even where the links
 * around it were recomputed to hide it. Only below {@code gaplessAfter} (the last event numbered by
 * the database's identity sequence, which skipped a number for every append that rolled back) are
 * gaps no break; those are counted for the report.
 */
public final class ChainCheck {

    /** What is wrong with the first broken event, as the verify endpoint reports it. */
    public enum Problem {
        /** The event's fields no longer give its hash: it was edited. */
        HASH_MISMATCH("hash-mismatch"),
        /** The event does not link to the one stored before it: an event was deleted, inserted or replaced there. */
        PREVIOUS_HASH_MISMATCH("previous-hash-mismatch"),
        /** A sequence number is missing just before this event: an event was removed there. */
        SEQUENCE_GAP("sequence-gap"),
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
    private final long gaplessAfter;
    private String expectedPrevious;
    private Long lastSequence;
    private String lastHash;
    private long checked;
    private long gaps;

    private ChainCheck(Long checkpoint, String checkpointHash, long gaplessAfter) {
        this.checkpoint = checkpoint;
        this.checkpointHash = checkpointHash;
        this.gaplessAfter = gaplessAfter;
        this.expectedPrevious = checkpoint == null ? AuditChain.GENESIS : null;
    }

    /**
     * A walk of the whole chain: the first event links to {@link AuditChain#GENESIS}. Every number after
     * {@code gaplessAfter} must be an event.
     */
    public static ChainCheck fromGenesis(long gaplessAfter) {
        return new ChainCheck(null, null, gaplessAfter);
    }

    /**
     * A walk that trusts one earlier, known-good event (its sequence and hash, e.g. the {@code lastSequence}
     * and {@code lastHash} of an earlier verification kept outside the database): the first event seen must
     * be that one, with that hash.
     */
    public static ChainCheck fromCheckpoint(long sequence, String hash, long gaplessAfter) {
        return new ChainCheck(sequence, hash, gaplessAfter);
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
        long previousSequence = lastSequence != null ? lastSequence : (checkpoint != null ? event.sequence() - 1 : 0);
        long skipped = event.sequence() - previousSequence - 1;
        // The boundary event itself was stored when numbering changed, so it may not be missing either.
        if (skipped > 0 && event.sequence() - 1 >= gaplessAfter) {
            return Optional.of(Problem.SEQUENCE_GAP);
        }
        String recomputed = AuditChain.hash(event.previousHash(), event.occurredAt(), event.actor(), event.action(),
                event.subjectType(), event.subjectId(), event.requestId(), event.canonicalDetails());
        if (!recomputed.equals(event.hash())) {
            return Optional.of(Problem.HASH_MISMATCH);
        }
        gaps += skipped;
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

    /** Sequence numbers skipped below {@code gaplessAfter} (rolled-back appends of old; see the class comment). */
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
