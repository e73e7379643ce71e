package org.agencyverify.confirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.agencyverify.confirmation.WebhookAgencies.Contact;
import org.agencyverify.confirmation.WebhookAgencies.Request;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;

/**
 * Found by ChaosIT under load: an approval closes the verification's other open requests, while the
 * outbox may be recording the delivery of one of them (its row first, then the audit chain). The
 * approval took the audit chain before those rows, so the two deadlocked and PostgreSQL aborted the
 * approval: a 500 "Unhandled error" to the agency's system. Now every row is locked before the chain.
 */
@QuarkusTest
class ConfirmationLockOrderTest {

    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;
    @Inject
    AuditLog audit;

    @Test
    void anApprovalWaitsForTheDeliveryOfAnotherRequestInsteadOfDeadlocking() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            TestAgency agency = agencies.active();
            Contact answering = webhookAgencies.hmacContact(agency, receiver);
            Contact other = webhookAgencies.hmacContact(agency, receiver);
            TestOfficer officer = fixtures.activeOfficer(agency);
            TestPortal portal = fixtures.portal();
            UUID verification = WebhookAgencies.start(agency, portal, officer, "SUBPOENA");
            Request request = WebhookAgencies.awaitRequest(receiver, answering);
            UUID otherRequest = WebhookAgencies.awaitRequest(receiver, other).confirmationId();
            Eventually.within(Duration.ofSeconds(20), () -> assertEquals(0L, QuarkusTransaction.requiringNew().call(() ->
                    Confirmation.count("verificationId = ?1 and status = ?2", verification, Confirmation.Status.PENDING))));

            CountDownLatch rowHeld = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // What the outbox does when it records a delivery: the request's row, then the audit chain.
            CompletableFuture<Void> delivery = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
                Confirmation.update("sentAt = ?1 where id = ?2", Instant.now(), otherRequest);
                rowHeld.countDown();
                await(release);
                audit.record(Actor.SYSTEM, "confirmation.sent", "confirmation", otherRequest.toString(), Map.of("test", "lock-order"));
            }));
            assertTrue(rowHeld.await(20, TimeUnit.SECONDS));
            CompletableFuture<Integer> approval = CompletableFuture.supplyAsync(() -> AgencySystem.answer(request.confirmationId(),
                    answering.credential(), AgencySystem.decision("APPROVE", request.secret())).extract().statusCode());
            // Release once the approval waits for a lock, well within PostgreSQL's deadlock_timeout (1 s), so a
            // deadlock would be found by the approval's own check and abort it.
            Eventually.within(Duration.ofSeconds(20), () -> assertTrue(approvalWaitsForALock()));
            release.countDown();

            assertEquals(200, approval.get(60, TimeUnit.SECONDS));
            delivery.get(60, TimeUnit.SECONDS);
            assertEquals(Confirmation.Status.CANCELLED, QuarkusTransaction.requiringNew().call(() ->
                    Confirmation.<Confirmation>findById(otherRequest).status));
        }
    }

    private static boolean approvalWaitsForALock() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Confirmation.getEntityManager().createNativeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                        + " AND query ILIKE '%confirmation%' AND query NOT ILIKE '%pg_stat_activity%'").getSingleResult()).longValue() > 0);
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
