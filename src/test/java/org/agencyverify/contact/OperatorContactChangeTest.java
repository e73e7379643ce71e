package org.agencyverify.contact;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.change.ContactChange;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One operator alone cannot change who confirms for an agency: an operator's contact change waits out
 * the same cool-down, with the same notices to the agency's contacts, as an agency admin's proposal,
 * unless a second operator approves it. (The default cool-down, 72 hours, never passes here.)
 */
@QuarkusTest
class OperatorContactChangeTest {

    @Inject
    TestIdentities identities;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
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

    private static Map<String, Object> hook(String url) {
        return Map.of("name", "Records system", "role", "records system", "level", "SUPERVISOR",
                "channel", Map.of("type", "WEBHOOK", "url", url));
    }

    private static ValidatableResponse register(TestUser operator, UUID agency, Map<String, ?> body) {
        return given().header("Authorization", operator.bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/agencies/" + agency + "/contacts").then();
    }

    private static ValidatableResponse approve(String bearer, UUID agency, String changeId) {
        return given().header("Authorization", bearer).post("/v1/agencies/" + agency + "/changes/" + changeId + "/approve").then();
    }

    @Test
    void anOperatorsNewContactWaitsIsNeverAskedAndAppliesOnlyWithASecondOperator() {
        TestAgency agency = agencies.active();
        String existingPath = "/existing/" + UUID.randomUUID();
        UUID existing = operators.registerContact(agency.id(), hook(receiver.url(existingPath))).id();
        TestUser proposer = identities.user(Roles.OPERATOR);
        String newPath = "/new/" + UUID.randomUUID();

        var proposed = register(proposer, agency.id(), hook(receiver.url(newPath))).statusCode(202)
                .body("change.action", equalTo("ADD"))
                .body("change.status", equalTo("PENDING"))
                .body("change.contact.status", equalTo("PENDING"))
                .body("change.notificationsTotal", equalTo(1))
                .body("webhookSecret", org.hamcrest.Matchers.startsWith("whsec_"))
                .extract();
        String changeId = proposed.path("change.id");
        UUID added = UUID.fromString(proposed.path("change.contact.id"));
        assertEquals(AgencyContact.Status.PENDING, contact(added).status);

        // The agency's current contact is told, over its own channel.
        Eventually.within(Duration.ofSeconds(20), () -> assertFalse(receiver.received(existingPath).isEmpty()));
        String notice = receiver.received(existingPath).get(0).body();
        assertTrue(notice.contains("\"contact.change.proposed\"") && notice.contains(changeId), notice);

        // Not ACTIVE, so never asked: a verification started now goes to the existing contact only.
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        UUID verification = WebhookAgencies.start(agency, portal, officer, "SUBPOENA");
        assertEquals(List.of(existing), askedContacts(verification));

        // Neither the proposer nor the agency's admin can approve it.
        approve(proposer.bearer(), agency.id(), changeId).statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()))
                .body("detail", containsString("second operator"));
        approve(agency.admin().bearer(), agency.id(), changeId).statusCode(403);
        assertEquals(AgencyContact.Status.PENDING, contact(added).status);
        assertEquals(ContactChange.Status.PENDING, change(changeId).status);

        // A second operator's approval applies it at once.
        TestUser second = identities.user(Roles.OPERATOR);
        approve(second.bearer(), agency.id(), changeId).statusCode(200)
                .body("status", equalTo("APPLIED")).body("contact.status", equalTo("ACTIVE"))
                .body("approvedBy", equalTo("operator:" + second.id()));
        assertEquals(AgencyContact.Status.ACTIVE, contact(added).status);
        assertEquals(1, audit(changeId, "contact.change-approved").size());
        assertEquals(1, audit(changeId, "contact.change-applied").size());
        approve(identities.user(Roles.OPERATOR).bearer(), agency.id(), changeId).statusCode(409);

        // Another officer: the first one's next one-time code was spent above.
        UUID after = WebhookAgencies.start(agency, portal, fixtures.activeOfficer(agency), "SUBPOENA");
        assertEquals(2, askedContacts(after).size());
        assertTrue(askedContacts(after).contains(added));
    }

    @Test
    void anOperatorsRemovalWaitsForASecondOperatorToo() {
        TestAgency agency = agencies.active();
        String path = "/existing/" + UUID.randomUUID();
        UUID kept = operators.registerContact(agency.id(), hook(receiver.url(path))).id();
        UUID removed = operators.registerContact(agency.id(), hook(receiver.url("/other/" + UUID.randomUUID()))).id();
        TestUser proposer = identities.user(Roles.OPERATOR);

        String changeId = given().header("Authorization", proposer.bearer())
                .delete("/v1/agencies/" + agency.id() + "/contacts/" + removed).then().statusCode(202)
                .body("change.action", equalTo("REMOVE")).body("change.status", equalTo("PENDING"))
                .body("change.contact.status", equalTo("ACTIVE")).body("change.notificationsTotal", equalTo(2))
                .extract().path("change.id");
        assertEquals(AgencyContact.Status.ACTIVE, contact(removed).status);
        Eventually.within(Duration.ofSeconds(20), () -> assertFalse(receiver.received(path).isEmpty()));

        approve(proposer.bearer(), agency.id(), changeId).statusCode(403);
        assertEquals(AgencyContact.Status.ACTIVE, contact(removed).status);
        approve(identities.user(Roles.OPERATOR).bearer(), agency.id(), changeId).statusCode(200).body("status", equalTo("APPLIED"));
        assertEquals(AgencyContact.Status.REMOVED, contact(removed).status);
        assertEquals(AgencyContact.Status.ACTIVE, contact(kept).status);
    }

    @Test
    void anAgencyWithoutContactsGetsNoNoticeButStillNeedsASecondOperator() {
        TestAgency agency = agencies.active();
        TestUser proposer = identities.user(Roles.OPERATOR);
        var proposed = register(proposer, agency.id(), hook(receiver.url("/first"))).statusCode(202)
                .body("change.notificationsTotal", equalTo(0)).extract();
        UUID first = UUID.fromString(proposed.path("change.contact.id"));
        Eventually.sleep(12_000); // more than a run of the change worker: nothing applies it without the cool-down
        assertEquals(AgencyContact.Status.PENDING, contact(first).status);
        approve(identities.user(Roles.OPERATOR).bearer(), agency.id(), proposed.path("change.id")).statusCode(200);
        assertEquals(AgencyContact.Status.ACTIVE, contact(first).status);
    }

    @Test
    void anAgencyAdminsProposalIsNotFastTrackedByAnOperator() {
        TestAgency agency = agencies.active();
        operators.registerContact(agency.id(), hook(receiver.url("/existing")));
        String changeId = given().header("Authorization", agency.admin().bearer()).contentType(ContentType.JSON)
                .body(Map.of("action", "ADD", "contact", hook(receiver.url("/proposed"))))
                .post("/v1/agencies/" + agency.id() + "/contacts/proposals").then().statusCode(202).extract().path("change.id");
        approve(identities.user(Roles.OPERATOR).bearer(), agency.id(), changeId).statusCode(409)
                .body("type", equalTo(ProblemType.CONFLICT.uri())).body("detail", containsString("cool-down"));
        assertEquals(ContactChange.Status.PENDING, change(changeId).status);
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer())
                .get("/v1/agencies/" + agency.id() + "/changes/" + changeId).then().statusCode(200)
                .body("status", equalTo("PENDING")).body("approvedBy", nullValue());
    }

    @Test
    void anOperatorCancelsAPendingChangeAndNothingIsLeftOfIt() {
        TestAgency agency = agencies.active();
        var proposed = register(identities.user(Roles.OPERATOR), agency.id(), hook(receiver.url("/cancelled"))).statusCode(202).extract();
        String changeId = proposed.path("change.id");
        UUID contactId = UUID.fromString(proposed.path("change.contact.id"));
        given().header("Authorization", agency.admin().bearer())
                .post("/v1/agencies/" + agency.id() + "/changes/" + changeId + "/cancel").then().statusCode(403);
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer())
                .post("/v1/agencies/" + agency.id() + "/changes/" + changeId + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("contact.status", equalTo("REMOVED"));
        assertEquals(AgencyContact.Status.REMOVED, contact(contactId).status);
        approve(identities.user(Roles.OPERATOR).bearer(), agency.id(), changeId).statusCode(409);
        assertEquals(1, audit(changeId, "contact.change-cancelled").size());
    }

    private static List<UUID> askedContacts(UUID verificationId) {
        return QuarkusTransaction.requiringNew().call(() -> Confirmation.<Confirmation>list("verificationId", verificationId)
                .stream().map(c -> c.contactId).toList());
    }

    private static AgencyContact contact(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyContact.<AgencyContact>findById(id));
    }

    private static ContactChange change(String id) {
        return QuarkusTransaction.requiringNew().call(() -> ContactChange.<ContactChange>findById(UUID.fromString(id)));
    }

    private static List<AuditEvent> audit(String subjectId, String action) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list("subjectId = ?1 and action = ?2",
                subjectId, action));
    }
}
