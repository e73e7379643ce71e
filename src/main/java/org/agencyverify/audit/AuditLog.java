package org.agencyverify.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.agencyverify.common.request.RequestId;
import org.agencyverify.common.security.Actor;

/**
 * Appends to the audit trail inside the caller's transaction, so an event is stored exactly when
 * the change it describes is (and never when that change rolls back), with the next sequence number.
 */
@ApplicationScoped
public class AuditLog {

    /** One lock for the whole chain: appends are serialized so each links to the latest event. */
    private static final long CHAIN_LOCK = 0x41554449544cL;

    /** Keys of what this transaction knows of the chain, as resources of the transaction itself. */
    private static final String LOCKED = AuditLog.class.getName() + ".locked";
    private static final String END = AuditLog.class.getName() + ".end";

    /** The chain's last event as this transaction left it; sequence 0 is the genesis. */
    private record ChainEnd(long sequence, String hash) {}

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final TransactionSynchronizationRegistry transaction;

    AuditLog(EntityManager entityManager, ObjectMapper json, TransactionSynchronizationRegistry transaction) {
        this.entityManager = entityManager;
        this.json = json;
        this.transaction = transaction;
    }

    /**
     * Takes the chain's lock now rather than at this transaction's first {@link #record}: for a change that
     * locks a row many transactions share (the token status list's version) before it records its event.
     * Every such transaction then takes the two in the same order, chain first, so none waits for another
     * that waits for it (an officer suspended by a risk rule has already recorded, and so holds the chain).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockChain() {
        // Held until this transaction ends: taken once, not once per event.
        if (transaction.getResource(LOCKED) != null) {
            return;
        }
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, CHAIN_LOCK).getSingleResult();
        transaction.putResource(LOCKED, Boolean.TRUE);
    }

    /**
     * Records what {@code actor} did to a subject. {@code details} holds what a reviewer needs
     * (typically "before" and "after"); never a secret, password or token.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEvent record(Actor actor, String action, String subjectType, String subjectId, Map<String, ?> details) {
        lockChain();
        ChainEnd end = chainEnd();
        String previous = end.hash();

        AuditEvent event = new AuditEvent();
        // Numbered here, under the lock, rather than by a database sequence: a rollback gives its number
        // back, so the chain has no gaps and a missing number can only be a removed event.
        event.sequence = end.sequence() + 1;
        // PostgreSQL keeps microseconds: hash exactly what will be read back.
        event.occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        event.actor = actor.toString();
        event.action = action;
        event.subjectType = subjectType;
        event.subjectId = subjectId;
        event.requestId = RequestId.current();
        event.details = canonicalJson(details);
        event.previousHash = previous;
        event.hash = AuditChain.hash(previous, event.occurredAt, event.actor, action, subjectType, subjectId,
                event.requestId, event.details);
        entityManager.persist(event);
        transaction.putResource(END, new ChainEnd(event.sequence, event.hash));
        return event;
    }

    /**
     * The chain's end: read once per transaction, then this transaction's own last event. No one else
     * appends meanwhile, as this transaction holds the chain's lock until it ends.
     */
    private ChainEnd chainEnd() {
        ChainEnd known = (ChainEnd) transaction.getResource(END);
        if (known != null) {
            return known;
        }
        Object[] last = entityManager
                .createQuery("SELECT e.sequence, e.hash FROM AuditEvent e ORDER BY e.sequence DESC", Object[].class)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .orElse(null);
        return last == null ? new ChainEnd(0, AuditChain.GENESIS) : new ChainEnd((Long) last[0], (String) last[1]);
    }

    /**
     * Details in the form that is hashed ({@link CanonicalJson}). The application's mapper decides only
     * how Java values become JSON (an Instant as ISO text); the canonical form is then fixed, and a
     * verifier gets it back from whatever jsonb returns.
     */
    public String canonicalJson(Object details) {
        try {
            return CanonicalJson.of(json.writeValueAsString(details == null ? Map.of() : details));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details must be plain JSON values", e);
        }
    }
}
