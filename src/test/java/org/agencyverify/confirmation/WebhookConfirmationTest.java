package org.agencyverify.confirmation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.outbox.OutboxMessage;
import org.agencyverify.common.security.Roles;
import org.agencyverify.confirmation.AgencySystem.Credential;
import org.agencyverify.confirmation.WebhookAgencies.Contact;
import org.agencyverify.confirmation.WebhookAgencies.Request;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.agencyverify.verification.VerificationState;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook channel end to end on the real servers: the outbox posts a signed request to a real HTTP
 * receiver, the test plays the agency's system and answers with signed decisions.
 */
@QuarkusTest
class WebhookConfirmationTest {

    private static final String CLOSED = "urn:agency-verify:problem:confirmation-closed";
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

    @ConfigProperty(name = "agency-verify.webhooks.signing-public-key")
    String servicePublicKey;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private Contact hmacContact(TestAgency agency) {
        return webhookAgencies.hmacContact(agency, receiver);
    }

    private Contact ed25519Contact(TestAgency agency) {
        return webhookAgencies.ed25519Contact(agency, receiver);
    }

    private UUID start(TestAgency agency, TestPortal portal, TestOfficer officer) {
        return WebhookAgencies.start(agency, portal, officer, "SUBPOENA");
    }

    private Request awaitRequest(Contact contact) {
        return WebhookAgencies.awaitRequest(receiver, contact);
    }

    private static Verification verification(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(id));
    }

    private static Confirmation confirmation(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Confirmation.<Confirmation>findById(id));
    }

    private List<String> refusalReasons(UUID confirmationId) {
        return agencyFixtures.audit(confirmationId.toString(), "confirmation.refused").stream()
                .map(e -> e.details).map(AgencySystem::json).map(d -> d.get("reason").asText()).collect(Collectors.toList());
    }

    @Test
    void signedRequestCarriesTheBindingMessageAndASignedApprovalApproves() {
        TestAgency agency = agencies.active();
        Contact contact = hmacContact(agency);
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        UUID id = start(agency, portal, officer);
        Verification started = verification(id);

        Request request = awaitRequest(contact);
        assertTrue(AgencySystem.hmacValid(contact.credential().hmacSecret(), request.webhookId(), request.timestamp(),
                request.body(), request.signature()), "the service signs with the contact's own secret");
        assertEquals("cnf_" + request.confirmationId(), request.webhookId());
        assertEquals("verification.confirmation_requested", AgencySystem.json(request.body()).get("type").asText());
        assertEquals(id.toString(), request.data().get("verificationId").asText());
        assertEquals(started.bindingMessage, request.data().get("bindingMessage").asText());
        assertEquals(started.bindingCode, request.data().get("bindingCode").asText());
        assertEquals(officer.email(), request.data().get("officer").get("email").asText());
        assertEquals(portal.audience(), request.data().get("portal").get("audience").asText());
        assertEquals("SUBPOENA", request.data().get("purpose").asText());
        assertTrue(request.data().get("respondTo").asText().endsWith("/v1/confirmations/" + request.confirmationId()));
        assertFalse(request.body().contains(officer.password()), "the officer's password never leaves");
        assertEquals(43, request.secret().length());
        // SENT is stored once the receiver's 2xx is back, just after the request arrived.
        Eventually.within(Duration.ofSeconds(5), () ->
                assertEquals(Confirmation.Status.SENT, confirmation(request.confirmationId()).status));
        Confirmation sent = confirmation(request.confirmationId());
        assertFalse(sent.secretHash.contains(request.secret()), "only a hash of the secret is stored");

        AgencySystem.answer(request.confirmationId(), contact.credential(), AgencySystem.decision("APPROVE", request.secret()))
                .statusCode(200).body("verificationState", equalTo("APPROVED")).body("decision", equalTo("APPROVE"));

        assertEquals(VerificationState.APPROVED, verification(id).state);
        // The portal's first read after the approval collects the trust token.
        given().header("Authorization", portal.bearer()).get("/v1/verifications/" + id).then().statusCode(200)
                .body("state", equalTo("TOKEN_ISSUED"));
        assertEquals(1, agencyFixtures.audit(request.confirmationId().toString(), "confirmation.answered").size());
        assertEquals(1, agencyFixtures.audit(id.toString(), "verification.approved").size());

        // A second, properly signed answer changes nothing: the confirmation was answered.
        AgencySystem.answer(request.confirmationId(), contact.credential(), AgencySystem.decision("DENY", request.secret()))
                .statusCode(409).body("type", equalTo(CLOSED));
        assertEquals(VerificationState.TOKEN_ISSUED, verification(id).state);
        assertEquals(List.of("already-answered"), refusalReasons(request.confirmationId()));
        // Delivered once: the outbox never sends a delivered request again. Each attempt it counted may have
        // reached the receiver (at least once: an attempt that failed after the send is repeated, same id).
        Eventually.sleep(2500);
        OutboxMessage message = outboxMessage(request.confirmationId());
        List<WebhookReceiver.Received> asked = WebhookAgencies.requests(receiver, contact);
        assertEquals(OutboxMessage.Status.DELIVERED, message.status);
        assertEquals(message.attempts, asked.size(), () -> "attempts counted " + message.attempts + ", received "
                + receiver.received(contact.path()).stream().map(r -> r.headers().get("webhook-id")).toList());
        assertEquals(List.of(request.webhookId()), asked.stream().map(r -> r.headers().get("webhook-id")).distinct().toList());
        assertEquals(1, agencyFixtures.audit(request.confirmationId().toString(), "confirmation.sent").size());
    }

    private static OutboxMessage outboxMessage(UUID confirmationId) {
        return QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.<OutboxMessage>find("subjectId", confirmationId).singleResult());
    }

    @Test
    void aDenialIsFinal() {
        TestAgency agency = agencies.active();
        Contact contact = hmacContact(agency);
        UUID id = start(agency, fixtures.portal(), fixtures.activeOfficer(agency));
        Request request = awaitRequest(contact);

        AgencySystem.answer(request.confirmationId(), contact.credential(), AgencySystem.decision("DENY", request.secret()))
                .statusCode(200).body("verificationState", equalTo("DENIED"));
        AgencySystem.answer(request.confirmationId(), contact.credential(), AgencySystem.decision("APPROVE", request.secret()))
                .statusCode(409).body("type", equalTo(CLOSED));

        assertEquals(VerificationState.DENIED, verification(id).state);
        assertEquals(Confirmation.Decision.DENY, confirmation(request.confirmationId()).decision);
        assertEquals(1, agencyFixtures.audit(id.toString(), "verification.denied").size());
    }

    @Test
    void answersNotSignedByThisContactsCredentialAreRefusedAuditedAndChangeNothing() {
        TestAgency agency = agencies.active();
        Contact contact = hmacContact(agency);
        Contact colleague = hmacContact(agency);
        UUID id = start(agency, fixtures.portal(), fixtures.activeOfficer(agency));
        Request request = awaitRequest(contact);
        Request colleagues = awaitRequest(colleague);
        UUID confirmationId = request.confirmationId();
        String approve = AgencySystem.decision("APPROVE", request.secret());
        long now = Instant.now().getEpochSecond();

        // Another contact of the same agency, signing with its own secret.
        AgencySystem.answer(confirmationId, colleague.credential(), approve).statusCode(401).body("type", equalTo(UNSIGNED));
        // A key nobody registered.
        AgencySystem.answer(confirmationId, Credential.freshEd25519(), approve).statusCode(401).body("type", equalTo(UNSIGNED));
        // The right signer, but the secret of another confirmation.
        AgencySystem.answer(confirmationId, contact.credential(), AgencySystem.decision("APPROVE", colleagues.secret()))
                .statusCode(401).body("type", equalTo(UNSIGNED));
        // Signed ten minutes ago.
        AgencySystem.answer(confirmationId, contact.credential(), approve, "ans_" + UUID.randomUUID(), now - 600)
                .statusCode(401).body("type", equalTo(UNSIGNED));
        // No signature at all.
        given().contentType(ContentType.JSON).body(approve).post("/v1/confirmations/" + confirmationId).then()
                .statusCode(401).body("type", equalTo(UNSIGNED)).body("detail", equalTo(
                        org.agencyverify.common.error.ProblemType.CONFIRMATION_SIGNATURE_INVALID.defaultDetail()));
        // Properly signed, but not a decision.
        AgencySystem.answer(confirmationId, contact.credential(), AgencySystem.decision("MAYBE", request.secret()))
                .statusCode(400).body("type", equalTo("urn:agency-verify:problem:invalid-request"))
                .body("errors[0].field", equalTo("decision"));
        // An id that is no confirmation answers exactly like a bad signature.
        AgencySystem.answer(UUID.randomUUID(), contact.credential(), approve).statusCode(401).body("type", equalTo(UNSIGNED));

        assertEquals(VerificationState.PENDING_CONFIRMATION, verification(id).state);
        Eventually.within(Duration.ofSeconds(5), () -> assertEquals(Confirmation.Status.SENT, confirmation(confirmationId).status));
        assertNull(confirmation(confirmationId).decision);
        assertEquals(List.of("bad-signature", "bad-signature", "wrong-secret", "stale-timestamp", "missing-signature-headers"),
                refusalReasons(confirmationId));

        // The genuine answer still goes through; the same signed message sent again is a replay.
        String webhookId = "ans_" + UUID.randomUUID();
        AgencySystem.answer(confirmationId, contact.credential(), approve, webhookId, now).statusCode(200);
        AgencySystem.answer(confirmationId, contact.credential(), approve, webhookId, now).statusCode(401);
        assertTrue(refusalReasons(confirmationId).contains("replayed-webhook-id"));
        // The colleague's confirmation was cancelled by the approval and takes no answer now.
        assertEquals(Confirmation.Status.CANCELLED, confirmation(colleagues.confirmationId()).status);
        AgencySystem.answer(colleagues.confirmationId(), colleague.credential(), AgencySystem.decision("DENY", colleagues.secret()))
                .statusCode(409).body("type", equalTo(CLOSED));
        assertEquals(VerificationState.APPROVED, verification(id).state);
    }

    @Test
    void anAnswerAfterTheDeadlineIsRefusedAndTheVerificationExpires() {
        TestAgency agency = agencies.active();
        Contact contact = hmacContact(agency);
        UUID id = start(agency, fixtures.portal(), fixtures.activeOfficer(agency));
        Request request = awaitRequest(contact);
        QuarkusTransaction.requiringNew().run(() -> Verification.update("expiresAt = ?1 where id = ?2",
                Instant.now().minusSeconds(1), id));

        AgencySystem.answer(request.confirmationId(), contact.credential(), AgencySystem.decision("APPROVE", request.secret()))
                .statusCode(409).body("type", equalTo(CLOSED));

        assertEquals(VerificationState.EXPIRED, verification(id).state);
        assertEquals(Confirmation.Status.EXPIRED, confirmation(request.confirmationId()).status);
        assertEquals(List.of("past-deadline"), refusalReasons(request.confirmationId()));
    }

    @Test
    void twoApproversAreCountedOncePerContact() {
        TestAgency agency = agencies.active();
        Contact first = hmacContact(agency);
        Contact second = ed25519Contact(agency);
        UUID id = start(agency, fixtures.portal(), fixtures.activeOfficer(agency));
        // Standard purposes need one approver; what the count does is the same for the emergency tier.
        QuarkusTransaction.requiringNew().run(() -> Verification.update("approvalsNeeded = 2 where id = ?1", id));
        Request toFirst = awaitRequest(first);
        Request toSecond = awaitRequest(second);

        AgencySystem.answer(toFirst.confirmationId(), first.credential(), AgencySystem.decision("APPROVE", toFirst.secret()))
                .statusCode(200).body("verificationState", equalTo("PENDING_CONFIRMATION"));
        AgencySystem.answer(toFirst.confirmationId(), first.credential(), AgencySystem.decision("APPROVE", toFirst.secret()))
                .statusCode(409);
        assertEquals(VerificationState.PENDING_CONFIRMATION, verification(id).state);

        assertTrue(AgencySystem.ed25519Valid(servicePublicKey, toSecond.webhookId(), toSecond.timestamp(), toSecond.body(),
                toSecond.signature()), "Ed25519 contacts get requests signed with the service's published key");
        AgencySystem.answer(toSecond.confirmationId(), second.credential(), AgencySystem.decision("APPROVE", toSecond.secret()))
                .statusCode(200).body("verificationState", equalTo("APPROVED"));
        assertEquals(VerificationState.APPROVED, verification(id).state);
    }

    @Test
    void aFailedDeliveryIsRetriedWithTheSameIdAndSecretUntilItArrives() {
        receiver.answer(503);
        TestAgency agency = agencies.active();
        Contact contact = hmacContact(agency);
        start(agency, fixtures.portal(), fixtures.activeOfficer(agency));
        Eventually.within(Duration.ofSeconds(20), () -> assertTrue(receiver.received(contact.path()).size() >= 2));
        receiver.answer(204);
        int refused = receiver.received(contact.path()).size();
        Eventually.within(Duration.ofSeconds(20), () -> assertTrue(receiver.received(contact.path()).size() > refused));

        List<WebhookReceiver.Received> attempts = receiver.received(contact.path());
        assertEquals(1, attempts.stream().map(r -> r.headers().get("webhook-id")).distinct().count());
        assertEquals(1, attempts.stream().map(r -> AgencySystem.json(r.body()).get("data").get("secret").asText()).distinct().count());
        UUID confirmationId = UUID.fromString(AgencySystem.json(attempts.get(0).body()).get("data").get("confirmationId").asText());
        // DELIVERED is stored once the receiver's 2xx is back, just after the request arrived.
        Eventually.within(Duration.ofSeconds(5), () -> {
            OutboxMessage row = QuarkusTransaction.requiringNew().call(() ->
                    OutboxMessage.<OutboxMessage>find("subjectId", confirmationId).singleResult());
            assertEquals(OutboxMessage.Status.DELIVERED, row.status);
        });
        OutboxMessage message = QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.<OutboxMessage>find("subjectId", confirmationId).singleResult());
        assertEquals(attempts.size(), message.attempts);
        assertEquals(Confirmation.Status.SENT, confirmation(confirmationId).status);
    }
}
