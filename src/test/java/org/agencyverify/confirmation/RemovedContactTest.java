package org.agencyverify.confirmation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.common.outbox.OutboxMessage;
import org.agencyverify.common.security.Roles;
import org.agencyverify.confirmation.WebhookAgencies.Contact;
import org.agencyverify.confirmation.WebhookAgencies.Request;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.contact.change.ContactChange;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.ShortCoolDown;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.token.TrustToken;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.verification.ContactLevel;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.agencyverify.verification.VerificationState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Only a current contact of an ACTIVE agency decides: a contact removed (by an operator, or through an
 * applied proposal) or of a suspended agency cannot answer a request sent to it before, and removal
 * closes the contact's open requests at once.
 */
@QuarkusTest
@TestProfile(ShortCoolDown.class)
class RemovedContactTest {

    private static final String UNSIGNED = "urn:agency-verify:problem:confirmation-signature-invalid";

    @Inject
    TestIdentities identities;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    AgencyFixtures agencyFixtures;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;
    @Inject
    OperatorChanges operators;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    /** An agency with two webhook contacts, and a verification that asked both. */
    private record Asked(TestAgency agency, Contact first, Contact second, TestPortal portal, UUID verificationId,
            Request toFirst) {}

    private Asked asked() {
        TestAgency agency = agencies.active();
        Contact first = webhookAgencies.hmacContact(agency, receiver);
        Contact second = webhookAgencies.hmacContact(agency, receiver);
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        UUID id = WebhookAgencies.start(agency, portal, officer, "SUBPOENA");
        Request request = WebhookAgencies.awaitRequest(receiver, first);
        WebhookAgencies.awaitRequest(receiver, second);
        return new Asked(agency, first, second, portal, id, request);
    }

    @Test
    void aRemovedContactsSignedApprovalOfARequestSentBeforeIsRefused() {
        Asked s = asked();
        operators.removeContact(s.agency().id(), s.first().id());

        approve(s.first(), s.toFirst()).statusCode(401).body("type", equalTo(UNSIGNED));

        assertRefusedAndNothingDecided(s, "contact-removed");
    }

    @Test
    void aContactReplacedThroughAnAppliedProposalCannotAnswerEither() {
        Asked s = asked();
        String admin = s.agency().admin().bearer();
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("action", "ADD", "contact", Map.of("name", "New records system", "role", "records system",
                        "level", "SUPERVISOR", "channel", Map.of("type", "WEBHOOK", "url", receiver.url("/replacement")))))
                .post("/v1/agencies/" + s.agency().id() + "/contacts/proposals").then().statusCode(202);
        String removal = given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("action", "REMOVE", "contactId", s.first().id().toString()))
                .post("/v1/agencies/" + s.agency().id() + "/contacts/proposals").then().statusCode(202).extract().path("change.id");
        Eventually.within(Duration.ofSeconds(20), () -> assertEquals(ContactChange.Status.APPLIED, QuarkusTransaction.requiringNew()
                .call(() -> ContactChange.<ContactChange>findById(UUID.fromString(removal)).status)));

        approve(s.first(), s.toFirst()).statusCode(401).body("type", equalTo(UNSIGNED));

        assertRefusedAndNothingDecided(s, "contact-removed");
    }

    @Test
    void aContactOfASuspendedAgencyCannotAnswer() {
        Asked s = asked();
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer())
                .post("/v1/agencies/" + s.agency().id() + "/suspend").then().statusCode(200);

        approve(s.first(), s.toFirst()).statusCode(401).body("type", equalTo(UNSIGNED));

        assertRefusedAndNothingDecided(s, "agency-suspended");
        assertTrue(open(confirmation(s.toFirst().confirmationId())), "a suspension pauses the agency's requests, it does not close them");
    }

    @Test
    void removalCancelsTheContactsOpenRequestsAtOnceAndAnUnsentOneIsNeverSent() {
        TestAgency agency = agencies.active();
        Contact first = webhookAgencies.hmacContact(agency, receiver);
        Contact second = webhookAgencies.hmacContact(agency, receiver);
        // Stored but not sent yet (its outbox message comes due later), and already sent: both open.
        Stored stored = store(agency, 1, Map.of(first.id(), Confirmation.Status.PENDING, second.id(), Confirmation.Status.SENT));
        UUID unsent = stored.confirmationOf(first.id());

        operators.removeContact(agency.id(), first.id());

        // In the removal's own transaction: by the time the call answered, the request is closed and audited.
        assertEquals(Confirmation.Status.CANCELLED, confirmation(unsent).status);
        assertEquals("contact-removed", reason(agencyFixtures.audit(unsent.toString(), "confirmation.cancelled")));
        assertEquals(VerificationState.PENDING_CONFIRMATION, verification(stored.verificationId()).state,
                "the other contact may still answer");
        QuarkusTransaction.requiringNew().run(() -> OutboxMessage.update("nextAttemptAt = ?1 where subjectId = ?2",
                Instant.now().minusSeconds(1), unsent));
        Eventually.within(Duration.ofSeconds(15), () -> assertEquals(OutboxMessage.Status.OBSOLETE, message(unsent).status));
        assertTrue(WebhookAgencies.requests(receiver, first).isEmpty(), "no request went to the removed contact");

        // The last open request cancelled: nobody is left who could approve, so the verification closes.
        operators.removeContact(agency.id(), second.id());
        assertEquals(Confirmation.Status.CANCELLED, confirmation(stored.confirmationOf(second.id())).status);
        Verification closed = verification(stored.verificationId());
        assertEquals(VerificationState.EXPIRED, closed.state);
        assertEquals("no-contact-left", reason(agencyFixtures.audit(stored.verificationId().toString(), "verification.expired")));
    }

    @Test
    void aVerificationThatCanNoLongerGetEnoughApprovalsCloses() {
        TestAgency agency = agencies.active();
        Contact approved = webhookAgencies.hmacContact(agency, receiver);
        Contact second = webhookAgencies.hmacContact(agency, receiver);
        Contact third = webhookAgencies.hmacContact(agency, receiver);
        Stored stored = store(agency, 2, Map.of(approved.id(), Confirmation.Status.ANSWERED, second.id(), Confirmation.Status.SENT,
                third.id(), Confirmation.Status.SENT));

        operators.removeContact(agency.id(), second.id());
        assertEquals(VerificationState.PENDING_CONFIRMATION, verification(stored.verificationId()).state,
                "one approval and one open request can still make two");

        operators.removeContact(agency.id(), third.id());
        assertEquals(VerificationState.EXPIRED, verification(stored.verificationId()).state,
                "one approval can never make the two the policy needs");
        assertEquals(Confirmation.Status.ANSWERED, confirmation(stored.confirmationOf(approved.id())).status);
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> TrustToken.count("verificationId", stored.verificationId())));
    }

    private static io.restassured.response.ValidatableResponse approve(Contact contact, Request request) {
        return AgencySystem.answer(request.confirmationId(), contact.credential(), AgencySystem.decision("APPROVE", request.secret()));
    }

    private void assertRefusedAndNothingDecided(Asked s, String reason) {
        UUID confirmationId = s.toFirst().confirmationId();
        List<String> reasons = agencyFixtures.audit(confirmationId.toString(), "confirmation.refused").stream()
                .map(e -> AgencySystem.json(e.details).get("reason").asText()).toList();
        assertEquals(List.of(reason), reasons);
        assertEquals(0, agencyFixtures.audit(confirmationId.toString(), "confirmation.answered").size());
        Confirmation row = confirmation(confirmationId);
        assertNull(row.decision);
        assertNull(row.answeredAt);
        assertEquals(VerificationState.PENDING_CONFIRMATION, verification(s.verificationId()).state);
        assertEquals(0, agencyFixtures.audit(s.verificationId().toString(), "verification.approved").size());
        given().header("Authorization", s.portal().bearer()).get("/v1/verifications/" + s.verificationId()).then()
                .statusCode(200).body("state", equalTo("PENDING_CONFIRMATION")).body("trustToken", nullValue());
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> TrustToken.count("verificationId", s.verificationId())));
    }

    /** A verification as the service stores it when it starts, with a confirmation per contact in the given state. */
    private record Stored(UUID verificationId, Map<UUID, UUID> confirmations) {
        UUID confirmationOf(UUID contactId) {
            return confirmations.get(contactId);
        }
    }

    private Stored store(TestAgency agency, int approvalsNeeded, Map<UUID, Confirmation.Status> asked) {
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        UUID verificationId = UUID.randomUUID();
        Map<UUID, UUID> confirmations = new java.util.HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Verification v = VerificationFixtures.pendingRow(agency, officer, portal, "REMOVAL-TEST", now);
            v.id = verificationId;
            v.approvalsNeeded = approvalsNeeded;
            v.persist();
            asked.forEach((contactId, status) -> {
                Confirmation c = new Confirmation();
                c.id = UUID.randomUUID();
                c.verificationId = v.id;
                c.contactId = contactId;
                c.channel = AgencyContact.Channel.WEBHOOK.name();
                c.level = ContactLevel.SUPERVISOR;
                c.status = status;
                c.createdAt = now;
                if (status == Confirmation.Status.ANSWERED) {
                    c.decision = Confirmation.Decision.APPROVE;
                    c.answeredAt = now;
                }
                c.persist();
                confirmations.put(contactId, c.id);
                if (status == Confirmation.Status.PENDING) {
                    OutboxMessage m = new OutboxMessage();
                    m.id = UUID.randomUUID();
                    m.kind = ConfirmationDelivery.KIND;
                    m.subjectId = c.id;
                    m.status = OutboxMessage.Status.PENDING;
                    m.nextAttemptAt = now.plus(Duration.ofHours(1));
                    m.createdAt = now;
                    m.persist();
                }
            });
        });
        return new Stored(verificationId, confirmations);
    }

    private static boolean open(Confirmation c) {
        return c.status == Confirmation.Status.PENDING || c.status == Confirmation.Status.SENT;
    }

    private static String reason(List<org.agencyverify.audit.AuditEvent> events) {
        assertEquals(1, events.size(), "one audit event");
        return AgencySystem.json(events.get(0).details).get("reason").asText();
    }

    private static Verification verification(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(id));
    }

    private static Confirmation confirmation(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Confirmation.<Confirmation>findById(id));
    }

    private static OutboxMessage message(UUID subjectId) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxMessage.<OutboxMessage>find("subjectId", subjectId).singleResult());
    }
}
