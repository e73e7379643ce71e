package org.agencyverify.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.agencyverify.support.Eventually;
import org.junit.jupiter.api.Test;

/**
 * Two revocations at once, in the orders the service makes them: an officer suspended by a risk rule has
 * recorded the risk (it holds the audit chain) when its cascade bumps the status list's version; a portal's
 * revocation bumps the version and then records. Were the version row locked before the chain, each would
 * wait for the other and PostgreSQL would abort one: a suspension or a revocation lost to a 500.
 */
@QuarkusTest
class StatusListLockOrderTest {

    @Inject
    StatusListRecord statusList;
    @Inject
    AuditLog audit;

    @Test
    void aRevocationAndACascadeThatAlreadyRecordedWaitForEachOtherInsteadOfDeadlocking() throws Exception {
        long before = statusList.version();
        CountDownLatch chainHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> cascade = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            audit.record(Actor.SYSTEM, "test.risk-recorded", "test", "lock-order", Map.of());
            chainHeld.countDown();
            await(release);
            statusList.bump();
            audit.record(Actor.SYSTEM, "test.cascade-revoked", "test", "lock-order", Map.of());
        }));
        assertTrue(chainHeld.await(20, TimeUnit.SECONDS));
        CompletableFuture<Void> portalRevocation = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            statusList.bump();
            audit.record(Actor.SYSTEM, "test.portal-revoked", "test", "lock-order", Map.of());
        }));
        // Release once the portal's revocation waits, well within PostgreSQL's deadlock_timeout (1 s): a cycle
        // would then be found and one of the two aborted.
        Eventually.within(Duration.ofSeconds(20), () -> assertTrue(aRevocationWaitsForALock()));
        release.countDown();

        cascade.get(60, TimeUnit.SECONDS);
        portalRevocation.get(60, TimeUnit.SECONDS);
        assertEquals(before + 2, statusList.version(), "both revocations committed");
    }

    private static boolean aRevocationWaitsForALock() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) TrustToken.getEntityManager().createNativeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                        + " AND (query ILIKE '%pg_advisory_xact_lock%' OR query ILIKE '%token_status_list%')"
                        + " AND query NOT ILIKE '%pg_stat_activity%'").getSingleResult()).longValue() > 0);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
