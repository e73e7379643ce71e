package org.agencyverify.audit.review;

import static io.restassured.RestAssured.given;
import static org.agencyverify.agency.AgencyFixtures.unique;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

/** Audit queries: each test writes events about ids of its own, so other tests' events never match. */
@QuarkusTest
class AuditEventsTest {

    @Inject
    TestIdentities identities;

    @Inject
    AgencyFixtures agencies;

    @Inject
    AuditFixtures audit;

    @Inject
    EntityManager entityManager;

    @Test
    void filtersFindAnIdWhereverTheFeatureWroteItAndOnlyThere() {
        String agency = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String officer = UUID.randomUUID().toString();
        String portal = UUID.randomUUID().toString();
        String verification = UUID.randomUUID().toString();
        long bySubject = audit.record("test.agency-changed", "agency", agency, Map.of()).sequence;
        long inSnapshot = audit.record("test.officer-changed", "officer", officer, Map.of("after", Map.of("agencyId", agency))).sequence;
        long atTop = audit.record("test.verification", "verification", verification,
                Map.of("agencyId", agency, "officerId", officer, "portalId", portal)).sequence;
        long otherAgency = audit.record("test.portal-changed", "portal", portal, Map.of("before", Map.of("agencyId", other))).sequence;
        audit.record("test.agency-changed", "agency", other, Map.of());
        TestUser operator = identities.user(Roles.OPERATOR);

        assertEquals(List.of(atTop, inSnapshot, bySubject), sequences(as(operator).queryParam("agencyId", agency)));
        assertEquals(List.of(bySubject, inSnapshot, atTop), sequences(as(operator).queryParam("agencyId", agency).queryParam("order", "oldest")));
        assertEquals(List.of(atTop, inSnapshot), sequences(as(operator).queryParam("officerId", officer)));
        assertEquals(List.of(otherAgency, atTop), sequences(as(operator).queryParam("portalId", portal)));
        assertEquals(List.of(bySubject), sequences(as(operator).queryParam("agencyId", agency).queryParam("action", "test.agency-changed")));
        assertEquals(List.of(otherAgency), sequences(as(operator).queryParam("subjectType", "portal").queryParam("subjectId", portal)));
        assertEquals(List.of(atTop), sequences(as(operator).queryParam("subjectId", verification)));
        assertEquals(List.of(), sequences(as(operator).queryParam("agencyId", agency).queryParam("portalId", UUID.randomUUID())));

        as(operator).queryParam("subjectId", verification).get("/v1/audit/events").then().statusCode(200)
                .body("events[0].action", equalTo("test.verification"))
                .body("events[0].subjectType", equalTo("verification"))
                .body("events[0].actor", equalTo("test:audit-fixtures"))
                .body("events[0].details.portalId", equalTo(portal))
                .body("events[0].hash.length()", equalTo(64))
                .body("events[0].previousHash.length()", equalTo(64))
                .body("next", nullValue());
    }

    @Test
    void timeWindowsAndKeysetPagesReturnExactlyTheRightEvents() {
        String agency = UUID.randomUUID().toString();
        AuditEvent first = audit.record("test.one", "agency", agency, Map.of());
        AuditEvent second = audit.record("test.two", "agency", agency, Map.of());
        AuditEvent third = audit.record("test.three", "agency", agency, Map.of());
        TestUser operator = identities.user(Roles.OPERATOR);

        Number next = as(operator).queryParam("agencyId", agency).queryParam("size", 2).get("/v1/audit/events").then()
                .statusCode(200).body("events.sequence", equalTo(List.of(third.sequence.intValue(), second.sequence.intValue())))
                .body("next", equalTo(second.sequence.intValue())).extract().path("next");
        as(operator).queryParam("agencyId", agency).queryParam("size", 2).queryParam("after", next).get("/v1/audit/events").then()
                .statusCode(200).body("events.sequence", equalTo(List.of(first.sequence.intValue()))).body("next", nullValue());
        assertEquals(List.of(first.sequence, second.sequence), sequences(as(operator).queryParam("agencyId", agency)
                .queryParam("order", "oldest").queryParam("size", 2)));
        assertEquals(List.of(third.sequence), sequences(as(operator).queryParam("agencyId", agency)
                .queryParam("order", "oldest").queryParam("after", second.sequence)));

        // from is inclusive, to exclusive.
        assertEquals(List.of(second.sequence), sequences(as(operator).queryParam("agencyId", agency)
                .queryParam("from", second.occurredAt.toString()).queryParam("to", third.occurredAt.toString())));
        assertEquals(List.of(third.sequence, second.sequence), sequences(as(operator).queryParam("agencyId", agency)
                .queryParam("from", second.occurredAt.toString())));
        assertEquals(List.of(first.sequence), sequences(as(operator).queryParam("agencyId", agency)
                .queryParam("to", second.occurredAt.toString())));
    }

    @Test
    void badFiltersAre400sNamingEachField() {
        TestUser operator = identities.user(Roles.OPERATOR);
        as(operator).queryParam("agencyId", "nope").queryParam("officerId", "1").queryParam("portalId", "x")
                .queryParam("from", "yesterday").queryParam("to", "2026-13-01T00:00:00Z").queryParam("after", "-1")
                .queryParam("order", "sideways").queryParam("size", 0).queryParam("action", " ")
                .get("/v1/audit/events").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.INVALID_REQUEST.uri()))
                .body("errors.field", hasItems("agencyId", "officerId", "portalId", "from", "to", "after", "order", "size", "action"));
        as(operator).queryParam("size", 201).get("/v1/audit/events").then().statusCode(400).body("errors.field", equalTo(List.of("size")));
        as(operator).queryParam("size", 200).get("/v1/audit/events").then().statusCode(200);
        as(operator).queryParam("from", "2026-02-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z").get("/v1/audit/events")
                .then().statusCode(400).body("errors.field", equalTo(List.of("to")));
        as(operator).queryParam("subjectId", "x".repeat(256)).get("/v1/audit/events").then().statusCode(400)
                .body("errors.field", equalTo(List.of("subjectId")));
    }

    @Test
    void agencyAdminsReadTheirOwnAgencysEventsOnly() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String own = agencies.createAgency(operator.bearer(), unique("Own Police"));
        String other = agencies.createAgency(operator.bearer(), unique("Other Police"));
        TestUser admin = identities.user(Roles.AGENCY_ADMIN);
        agencies.addAdminRow(own, admin.id(), admin.email());
        long ownEvent = audit.record("test.for-own", "officer", UUID.randomUUID().toString(), Map.of("after", Map.of("agencyId", own))).sequence;

        as(admin).queryParam("agencyId", own).get("/v1/audit/events").then().statusCode(200)
                .body("events.action", hasItems("agency.created", "test.for-own"))
                .body("events.sequence", hasItem((int) ownEvent));
        as(admin).queryParam("agencyId", own).queryParam("officerId", UUID.randomUUID()).get("/v1/audit/events").then()
                .statusCode(200).body("events", empty());
        as(admin).queryParam("agencyId", other).get("/v1/audit/events").then().statusCode(403)
                .body("type", equalTo(ProblemType.FORBIDDEN.uri()));
        as(admin).queryParam("agencyId", UUID.randomUUID()).get("/v1/audit/events").then().statusCode(403);
        // Without agencyId an admin would read everyone's events: refused, naming the field.
        as(admin).queryParam("subjectId", other).get("/v1/audit/events").then().statusCode(400)
                .body("errors.field", equalTo(List.of("agencyId")));
        as(operator).queryParam("agencyId", other).get("/v1/audit/events").then().statusCode(200)
                .body("events.action", hasItem("agency.created"));

        for (String role : List.of(Roles.OFFICER, Roles.PORTAL, Roles.CONTACT)) {
            as(identities.user(role)).queryParam("agencyId", own).get("/v1/audit/events").then().statusCode(403);
        }
        given().queryParam("agencyId", own).get("/v1/audit/events").then().statusCode(401)
                .body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
    }

    /** The indexes of V16 must match the expressions the queries use, or every filter is a full scan. */
    @Test
    void filterExpressionsCanUseTheirIndexes() {
        for (String[] filter : new String[][] {
                {"audit_event_agency_id(subject_type, subject_id, details)", "audit_event_agency_idx"},
                {"audit_event_officer_id(subject_type, subject_id, details)", "audit_event_officer_idx"},
                {"audit_event_portal_id(subject_type, subject_id, details)", "audit_event_portal_idx"},
                {"action", "audit_event_action_idx"}, {"subject_id", "audit_event_subject_id_idx"}}) {
            String plan = QuarkusTransaction.requiringNew().call(() -> {
                entityManager.createNativeQuery("SET LOCAL enable_seqscan = off").executeUpdate();
                @SuppressWarnings("unchecked")
                List<String> lines = entityManager.createNativeQuery("EXPLAIN SELECT * FROM audit_event WHERE " + filter[0]
                        + " = 'x' AND sequence < 1000 ORDER BY sequence DESC LIMIT 51").getResultList();
                return String.join("\n", lines);
            });
            assertTrue(plan.contains(filter[1]), filter[0] + " should use " + filter[1] + ":\n" + plan);
        }
    }

    private static RequestSpecification as(TestUser user) {
        return given().header("Authorization", user.bearer());
    }

    private static List<Long> sequences(RequestSpecification request) {
        List<Number> found = request.get("/v1/audit/events").then().statusCode(200).extract().path("events.sequence");
        return found.stream().map(Number::longValue).toList();
    }
}
