package org.agencyverify.token;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.agencyverify.audit.AuditLog;

/**
 * The status list as PostgreSQL records it: the revoked tokens' indexes, and a version bumped in the
 * transaction of every revocation, which each replica polls to know its list is out of date.
 */
@ApplicationScoped
public class StatusListRecord {

    /**
     * How long after its expiry a revoked token still shows INVALID: longer than any portal's clock skew,
     * so a portal whose clock is behind never reads VALID for an expired, revoked token.
     */
    public static final Duration GRACE = Duration.ofMinutes(5);

    /** What a list is built from: the version read first, then the indexes (so a later change always bumps past it). */
    public record Snapshot(long version, List<Integer> invalid) {}

    private final AuditLog audit;

    StatusListRecord(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * A revocation changed the list; in the revocation's own transaction, so both commit or neither. The
     * audit chain's lock first: a revocation records its event after this, and a suspension may already hold
     * the chain when its cascade gets here; one order for all, so neither waits on the other in a circle.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void bump() {
        audit.lockChain();
        Panache.getEntityManager().createNativeQuery("UPDATE token_status_list SET version = version + 1, changed_at = now()"
                + " WHERE id = 1").executeUpdate();
    }

    public long version() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager()
                .createNativeQuery("SELECT version FROM token_status_list WHERE id = 1").getSingleResult()).longValue());
    }

    public Snapshot snapshot(Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            long version = ((Number) Panache.getEntityManager()
                    .createNativeQuery("SELECT version FROM token_status_list WHERE id = 1").getSingleResult()).longValue();
            List<Integer> invalid = Panache.getEntityManager().createQuery("select t.statusIdx from TrustToken t"
                    + " where t.revokedAt is not null and t.statusIdx is not null and t.expiresAt > ?1", Integer.class)
                    .setParameter(1, now.minus(GRACE)).getResultList();
            return new Snapshot(version, invalid);
        });
    }
}
