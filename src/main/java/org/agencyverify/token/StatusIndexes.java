package org.agencyverify.token;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Draws each trust token's index in the status list at random among the indexes nobody holds
 * (draft-ietf-oauth-status-list, privacy considerations): neighbouring indexes say nothing of who got
 * them or in which order, and a list says nothing of how many tokens a portal holds. The primary key of
 * {@code token_status_slot} makes a draw unique across replicas; a draw that hits a held index draws
 * again. Indexes are reused, since the list is finite and tokens live at most an hour, but only once no
 * list can still say anything of the last holder: a revoked token leaves the list {@link StatusListRecord#GRACE}
 * after its expiry, and the last list that named it expires (its {@code status-list-lifetime}) before the
 * index is drawn again, so a new token is never read as revoked by a list of its predecessor's.
 */
@ApplicationScoped
public class StatusIndexes {

    /** 2^20 indexes (128 KiB of bits before compression): collisions stay rare with any number of live tokens we expect. */
    public static final int SIZE = 1 << 20;
    private static final int DRAWS = 32;

    private final SecureRandom random = new SecureRandom();
    private final TokenConfig config;

    StatusIndexes(TokenConfig config) {
        this.config = config;
    }

    /** A free index for this token, taken in the caller's transaction (the token's issue). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int draw(UUID jti, Instant expiresAt, Instant now) {
        Instant heldUntil = expiresAt.plus(StatusListRecord.GRACE).plus(config.statusListLifetime());
        for (int i = 0; i < DRAWS; i++) {
            int idx = random.nextInt(SIZE);
            // Taken when free, or when its last holder's time is over; otherwise 0 rows and another draw. A
            // concurrent draw of the same index waits for the other transaction, then sees the index held.
            int taken = Panache.getEntityManager().createNativeQuery("INSERT INTO token_status_slot (idx, jti, held_until)"
                    + " VALUES (?1, ?2, ?3) ON CONFLICT (idx) DO UPDATE SET jti = EXCLUDED.jti, held_until = EXCLUDED.held_until"
                    + " WHERE token_status_slot.held_until < ?4")
                    .setParameter(1, idx).setParameter(2, jti).setParameter(3, heldUntil).setParameter(4, now)
                    .executeUpdate();
            if (taken == 1) {
                return idx;
            }
        }
        throw new IllegalStateException("no free status list index after " + DRAWS + " draws");
    }
}
