package org.agencyverify.confirmation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agencyverify.common.outbox.Outbox;
import org.agencyverify.common.outbox.OutboxMessage;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.agencyverify.verification.VerificationState;
import org.junit.jupiter.api.Test;

/**
 * The outbox under the conditions it exists for: several workers (replicas) at once, and messages left
 * behind by a process that stopped after storing them.
 */
@QuarkusTest
class ConfirmationOutboxTest {

    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    Outbox outbox;
    @Inject
    WebhookAgencies webhookAgencies;

    /** A receiver that holds every request for a while, so concurrent senders overlap for sure. */
    private static final class SlowReceiver implements AutoCloseable {
        final HttpServer server;
        final List<String> ids = new CopyOnWriteArrayList<>();

        SlowReceiver(long holdMillis) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                ids.add(exchange.getRequestHeaders().getFirst("webhook-id"));
                Eventually.sleep(holdMillis);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private UUID webhookContact(TestAgency agency, String url) {
        return webhookAgencies.webhookContact(agency, url, "STANDARD");
    }

    @Test
    void replicasDrainingAtOnceSendEachRequestOnce() throws Exception {
        try (SlowReceiver receiver = new SlowReceiver(1500)) {
            TestAgency agency = agencies.active();
            webhookContact(agency, receiver.url());
            TestOfficer officer = fixtures.activeOfficer(agency);
            TestPortal portal = fixtures.portal();
            String id = given().header("Authorization", portal.bearer()).contentType(ContentType.JSON)
                    .body(VerificationFixtures.body(officer.email(), agency.domain(),
                            VerificationFixtures.password(officer.password(), officer.nextOtp()), "SUBPOENA"))
                    .post("/v1/verifications").then().statusCode(202).extract().path("id");
            UUID confirmationId = QuarkusTransaction.requiringNew().call(() ->
                    Confirmation.<Confirmation>find("verificationId", UUID.fromString(id)).singleResult().id);
            UUID messageId = QuarkusTransaction.requiringNew().call(() ->
                    OutboxMessage.<OutboxMessage>find("subjectId", confirmationId).singleResult().id);

            // Three workers (and the scheduled one) go for the same message at the same moment.
            ExecutorService pool = Executors.newFixedThreadPool(3);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    outbox.deliver(messageId);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            Eventually.sleep(2500);

            assertEquals(List.of("cnf_" + confirmationId), receiver.ids);
            OutboxMessage message = QuarkusTransaction.requiringNew().call(() -> OutboxMessage.<OutboxMessage>findById(messageId));
            assertEquals(OutboxMessage.Status.DELIVERED, message.status);
            assertEquals(1, message.attempts);
        }
    }

    @Test
    void aRequestStoredButNeverSentIsPickedUpFromTheDatabase() throws Exception {
        try (SlowReceiver receiver = new SlowReceiver(0)) {
            TestAgency agency = agencies.active();
            UUID contactId = webhookContact(agency, receiver.url());
            TestOfficer officer = fixtures.activeOfficer(agency);
            TestPortal portal = fixtures.portal();
            // What a process leaves when it stops right after committing a verification: the rows, nothing sent.
            UUID confirmationId = UUID.randomUUID();
            QuarkusTransaction.requiringNew().run(() -> {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                Verification v = VerificationFixtures.pendingRow(agency, officer, portal, "LEFT-BEHIND", now);
                v.persist();
                Confirmation c = new Confirmation();
                c.id = confirmationId;
                c.verificationId = v.id;
                c.contactId = contactId;
                c.channel = "WEBHOOK";
                c.level = org.agencyverify.verification.ContactLevel.STANDARD;
                c.status = Confirmation.Status.PENDING;
                c.createdAt = now;
                c.persist();
                OutboxMessage m = new OutboxMessage();
                m.id = UUID.randomUUID();
                m.kind = ConfirmationDelivery.KIND;
                m.subjectId = confirmationId;
                m.status = OutboxMessage.Status.PENDING;
                m.nextAttemptAt = now.minusSeconds(60);
                m.createdAt = now.minusSeconds(60);
                m.persist();
            });

            Eventually.within(Duration.ofSeconds(15), () -> assertFalse(receiver.ids.isEmpty()));
            assertEquals(List.of("cnf_" + confirmationId), receiver.ids);
            Eventually.within(Duration.ofSeconds(5), () -> assertTrue(QuarkusTransaction.requiringNew().call(() ->
                    Confirmation.<Confirmation>findById(confirmationId).status == Confirmation.Status.SENT)));
        }
    }
}
