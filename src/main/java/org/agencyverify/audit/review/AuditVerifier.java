package org.agencyverify.audit.review;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.audit.CanonicalJson;
import org.agencyverify.audit.ChainCheck;
import org.agencyverify.audit.review.AuditDtos.Checkpoint;
import org.agencyverify.audit.review.AuditDtos.Verification;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.security.Roles;

/**
 * Walks the audit chain in sequence order and reports the first event that does not hold. Each
 * page is read in a short transaction of its own: one transaction over hundreds of thousands of
 * events would outlive the transaction timeout and pin a database snapshot for the whole walk.
 * The walk stops at the last event that existed when it began, so appends made meanwhile (they
 * never stop) are left for the next verification rather than chased.
 */
@ApplicationScoped
public class AuditVerifier {

    static final int PAGE_SIZE = 1000;

    /** One walk at a time per instance: a walk reads the whole table, and a second one adds nothing. */
    private final AtomicBoolean walking = new AtomicBoolean();
    private final AuditLog audit;

    AuditVerifier(AuditLog audit) {
        this.audit = audit;
    }

    public Verification verify(Caller caller, Checkpoint checkpoint) {
        if (!caller.has(Roles.OPERATOR)) {
            throw new ForbiddenException();
        }
        if (!walking.compareAndSet(false, true)) {
            throw new ApiException(ProblemType.CONFLICT, "A verification of the audit chain is already running. Retry when it ends.");
        }
        try {
            Verification result = walk(checkpoint);
            if (!result.intact()) {
                Log.warnf("Audit chain broken at sequence %d: %s", result.firstBrokenSequence(), result.problem());
            }
            // The check itself is audited: who looked, and what they were shown. It is appended after the
            // walk's last event, so it changes nothing that was verified; the next verification covers it.
            QuarkusTransaction.requiringNew().run(() -> audit.record(caller.actor(), "audit.verified", "audit_chain",
                    "audit_event", details(result)));
            return result;
        } finally {
            walking.set(false);
        }
    }

    /** The walk alone, without recording it. */
    Verification walk(Checkpoint checkpoint) {
        Long upTo = QuarkusTransaction.requiringNew().call(() -> AuditEvent.getEntityManager()
                .createQuery("select max(e.sequence) from AuditEvent e", Long.class).getSingleResult());
        long gaplessAfter = QuarkusTransaction.requiringNew().call(() -> ((Number) AuditEvent.getEntityManager()
                .createNativeQuery("SELECT gapless_after FROM audit_numbering").getSingleResult()).longValue());
        ChainCheck check = checkpoint == null ? ChainCheck.fromGenesis(gaplessAfter)
                : ChainCheck.fromCheckpoint(checkpoint.sequence(), checkpoint.hash(), gaplessAfter);
        long after = checkpoint == null ? 0 : checkpoint.sequence() - 1;
        while (upTo != null && after < upTo) {
            List<AuditEvent> page = page(after, upTo);
            if (page.isEmpty()) {
                break;
            }
            for (AuditEvent event : page) {
                Optional<ChainCheck.Problem> problem = check.accept(stored(event));
                if (problem.isPresent()) {
                    // A missing checkpoint is reported as itself, not as whichever event came after it.
                    long at = problem.get() == ChainCheck.Problem.CHECKPOINT_MISMATCH ? checkpoint.sequence() : event.sequence;
                    return broken(check, checkpoint, at, problem.get());
                }
            }
            after = page.get(page.size() - 1).sequence;
        }
        if (checkpoint != null && check.lastSequence() == null) {
            return broken(check, checkpoint, checkpoint.sequence(), ChainCheck.Problem.CHECKPOINT_MISMATCH);
        }
        return new Verification(true, check.checked(), fromSequence(checkpoint), check.lastSequence(), check.lastHash(),
                check.gaps(), null, null);
    }

    private static List<AuditEvent> page(long after, long upTo) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(
                "sequence > ?1 and sequence <= ?2 order by sequence", after, upTo).page(0, PAGE_SIZE).list());
    }

    private static ChainCheck.Stored stored(AuditEvent e) {
        return new ChainCheck.Stored(e.sequence, e.occurredAt, e.actor, e.action, e.subjectType, e.subjectId,
                e.requestId, CanonicalJson.of(e.details), e.previousHash, e.hash);
    }

    private static Verification broken(ChainCheck check, Checkpoint checkpoint, long at, ChainCheck.Problem problem) {
        return new Verification(false, check.checked(), fromSequence(checkpoint), check.lastSequence(), check.lastHash(),
                check.gaps(), at, problem.code());
    }

    private static Long fromSequence(Checkpoint checkpoint) {
        return checkpoint == null ? null : checkpoint.sequence();
    }

    private static Map<String, Object> details(Verification result) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("intact", result.intact());
        details.put("events", result.events());
        details.put("fromSequence", result.fromSequence());
        details.put("lastSequence", result.lastSequence());
        details.put("lastHash", result.lastHash());
        details.put("gaps", result.gaps());
        details.put("firstBrokenSequence", result.firstBrokenSequence());
        details.put("problem", result.problem());
        details.values().removeIf(Objects::isNull);
        return details;
    }
}
