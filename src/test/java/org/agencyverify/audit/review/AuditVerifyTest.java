package org.agencyverify.audit.review;

import static io.restassured.RestAssured.given;
import static org.agencyverify.agency.AgencyFixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;

/**
 * The verify endpoint on the real chain. Other tests and background workers append to the same
 * table at any time, so nothing here assumes which event is the latest: assertions are about the
 * events this test wrote, and tampering is always undone (in finally) before the test ends.
 */
@QuarkusTest
class AuditVerifyTest {

    @Inject
    TestIdentities identities;

    @Inject
    AgencyFixtures agencies;

    @Inject
    AuditFixtures audit;

    @Test
    void chainVerifiesIntactAfterRealActivityAndTheCheckIsAuditedAndResumable() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String agencyId = agencies.createAgency(operator.bearer(), unique("Audit Police"));
        given().header("Authorization", operator.bearer()).contentType(ContentType.JSON)
                .body(Map.of("domain", unique("audit") + ".example.gov")).post("/v1/agencies/" + agencyId + "/domains")
                .then().statusCode(201);
        // Values jsonb stores differently from how Java wrote them: reordered keys, 1.0E7 printed as 10000000.
        Map<String, Object> awkward = new LinkedHashMap<>();
        awkward.put("zeta", "Städtische \"Polizei\" \n ✓ 🚓");
        awkward.put("big", Long.MAX_VALUE);
        awkward.put("double", 1.0E7);
        awkward.put("small", 0.000125);
        awkward.put("none", null);
        awkward.put("nested", Map.of("b", List.of(2.50, -0.0, true), "a", Map.of()));
        AuditEvent mine = audit.record("test.awkward-values", "test", UUID.randomUUID().toString(), awkward);

        JsonPath result = verify(operator, null, null).body("intact", equalTo(true)).extract().jsonPath();
        long last = result.getLong("lastSequence");
        assertTrue(last >= mine.sequence, "the walk reaches at least the events written before it");
        assertEquals(storedHash(last), result.getString("lastHash"));
        assertEquals(last, result.getLong("events") + result.getLong("gaps"), "every sequence number is an event or a gap");
        assertNull(result.get("firstBrokenSequence"));

        AuditEvent verified = latest("audit.verified", "operator:" + operator.id());
        assertTrue(verified.sequence > last, "the check is appended after what it checked");
        assertTrue(verified.details.contains("\"lastSequence\": " + last), verified.details);

        verify(operator, last, result.getString("lastHash")).body("intact", equalTo(true))
                .body("fromSequence", equalTo((int) last));
    }

    @Test
    void editedDetailsAreCaughtAtThatEvent() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String subject = UUID.randomUUID().toString();
        AuditEvent checkpoint = audit.record("test.checkpoint", "test", subject, Map.of("n", 1));
        AuditEvent target = audit.record("test.target", "test", subject, Map.of("amount", 100, "to", "a"));
        audit.record("test.after", "test", subject, Map.of("n", 3));
        String original = (String) audit.value("SELECT details::text FROM audit_event WHERE sequence = ?1", target.sequence);
        try {
            assertEquals(1, audit.bypassingTrigger(
                    "UPDATE audit_event SET details = jsonb_set(details, '{to}', '\"mallory\"') WHERE sequence = ?1", target.sequence));

            verify(operator, checkpoint.sequence, checkpoint.hash)
                    .body("intact", equalTo(false))
                    .body("firstBrokenSequence", equalTo(target.sequence.intValue()))
                    .body("problem", equalTo("hash-mismatch"))
                    .body("lastSequence", equalTo(checkpoint.sequence.intValue()));
            verify(operator, null, null).body("intact", equalTo(false))
                    .body("firstBrokenSequence", equalTo(target.sequence.intValue()));
            AuditEvent seen = latest("audit.verified", "operator:" + operator.id());
            assertTrue(seen.details.contains("hash-mismatch"), "a failed check is audited too: " + seen.details);
        } finally {
            audit.bypassingTrigger("UPDATE audit_event SET details = CAST(?1 AS jsonb) WHERE sequence = ?2", original, target.sequence);
        }
        verify(operator, checkpoint.sequence, checkpoint.hash).body("intact", equalTo(true));
    }

    @Test
    void aDeletedEventBreaksTheLinkOfTheNextOne() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String subject = UUID.randomUUID().toString();
        AuditEvent checkpoint = audit.record("test.checkpoint", "test", subject, Map.of());
        AuditEvent target = audit.record("test.deleted", "test", subject, Map.of());
        audit.record("test.after", "test", subject, Map.of());
        // The whole row as jsonb, to put back exactly (same sequence, microseconds and details).
        String row = (String) audit.value("SELECT to_jsonb(e)::text FROM audit_event e WHERE sequence = ?1", target.sequence);
        try {
            assertEquals(1, audit.bypassingTrigger("DELETE FROM audit_event WHERE sequence = ?1", target.sequence));
            long next = ((Number) audit.value("SELECT min(sequence) FROM audit_event WHERE sequence > ?1", target.sequence)).longValue();

            verify(operator, checkpoint.sequence, checkpoint.hash)
                    .body("intact", equalTo(false))
                    .body("firstBrokenSequence", equalTo((int) next))
                    .body("problem", equalTo("previous-hash-mismatch"))
                    .body("events", equalTo(1));
            verify(operator, null, null).body("firstBrokenSequence", equalTo((int) next));
            // A checkpoint that was itself deleted is no checkpoint.
            verify(operator, target.sequence, target.hash).body("intact", equalTo(false))
                    .body("problem", equalTo("checkpoint-mismatch"))
                    .body("firstBrokenSequence", equalTo(target.sequence.intValue()));
        } finally {
            audit.bypassingTrigger("INSERT INTO audit_event"
                    + " SELECT * FROM jsonb_populate_record(NULL::audit_event, CAST(?1 AS jsonb))", row);
        }
        verify(operator, checkpoint.sequence, checkpoint.hash).body("intact", equalTo(true));
        verify(operator, null, null).body("intact", equalTo(true));
    }

    @Test
    void aRolledBackAppendGivesItsNumberBackSoTheChainHasNoGap() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String subject = UUID.randomUUID().toString();
        AuditEvent rolledBack = audit.recordAndRollBack("test.rolled-back", "test", subject);
        AuditEvent next = audit.record("test.after-rollback", "test", subject, Map.of());

        assertTrue(next.sequence >= rolledBack.sequence, "the number is free again");
        assertEquals(1L, ((Number) audit.value("SELECT count(*) FROM audit_event WHERE sequence = ?1 AND action <> 'test.rolled-back'",
                rolledBack.sequence)).longValue(), "the rolled-back append's number belongs to a stored event");
        verify(operator, null, null).body("intact", equalTo(true)).body("gaps", equalTo(0));
    }

    @Test
    void theNumberingBoundaryCannotBeMoved() {
        Object before = audit.value("SELECT gapless_after FROM audit_numbering");
        for (String sql : List.of("UPDATE audit_numbering SET gapless_after = gapless_after + 1000000",
                "DELETE FROM audit_numbering", "INSERT INTO audit_numbering VALUES (1000000)")) {
            RuntimeException refused = assertThrows(RuntimeException.class,
                    () -> audit.execute(sql), sql);
            assertTrue(String.valueOf(rootMessage(refused)).contains("audit_numbering is fixed"), rootMessage(refused));
        }
        assertEquals(before, audit.value("SELECT gapless_after FROM audit_numbering"));
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    @Test
    void aCheckpointNeedsItsRightHash() {
        TestUser operator = identities.user(Roles.OPERATOR);
        AuditEvent checkpoint = audit.record("test.checkpoint", "test", UUID.randomUUID().toString(), Map.of());
        verify(operator, checkpoint.sequence, "f".repeat(64)).body("intact", equalTo(false))
                .body("problem", equalTo("checkpoint-mismatch")).body("events", equalTo(0));
        given().header("Authorization", operator.bearer()).queryParam("from", "latest").post("/v1/audit/verify").then()
                .statusCode(400).body("type", equalTo(ProblemType.INVALID_REQUEST.uri()))
                .body("errors.field", hasItem("from")).body("errors.field", hasItem("fromHash"));
        given().header("Authorization", operator.bearer()).queryParam("from", 1).queryParam("fromHash", "ABC")
                .post("/v1/audit/verify").then().statusCode(400).body("errors.field", equalTo(List.of("fromHash")));
        given().header("Authorization", operator.bearer()).queryParam("fromHash", checkpoint.hash)
                .post("/v1/audit/verify").then().statusCode(400).body("errors.field", equalTo(List.of("from")));
    }

    @Test
    void onlyOperatorsVerify() {
        long before = count("audit.verified");
        given().post("/v1/audit/verify").then().statusCode(401).body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        for (String role : List.of(Roles.AGENCY_ADMIN, Roles.OFFICER, Roles.PORTAL)) {
            given().header("Authorization", identities.user(role).bearer()).post("/v1/audit/verify").then()
                    .statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
        }
        assertEquals(before, count("audit.verified"), "a refused call walks nothing and records nothing");
    }

    private static io.restassured.response.ValidatableResponse verify(TestUser operator, Long from, String fromHash) {
        var request = given().header("Authorization", operator.bearer());
        if (from != null) {
            request.queryParam("from", from).queryParam("fromHash", fromHash);
        }
        return request.post("/v1/audit/verify").then().statusCode(200).contentType(ContentType.JSON);
    }

    private String storedHash(long sequence) {
        return (String) audit.value("SELECT hash FROM audit_event WHERE sequence = ?1", sequence);
    }

    private static AuditEvent latest(String action, String actor) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(
                "action = ?1 and actor = ?2 order by sequence desc", action, actor).firstResult());
    }

    private static long count(String action) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("action", action));
    }
}
