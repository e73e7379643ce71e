package org.agencyverify.agency;

import static io.restassured.RestAssured.given;
import static org.agencyverify.agency.AgencyFixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.DnsServer;
import org.agencyverify.support.DnsTestResource;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.OrganizationRepresentation;

@QuarkusTest
class DomainResourceTest {

    @Inject
    TestIdentities identities;

    @Inject
    AgencyFixtures fixtures;

    @Inject
    DomainRecheck recheck;

    private static String newDomain() {
        return unique("pd") + ".agency." + DnsServer.ZONE;
    }

    private JsonPath claim(String bearer, String agencyId, String domain, int status) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("domain", domain))
                .post("/v1/agencies/" + agencyId + "/domains").then().statusCode(status).extract().jsonPath();
    }

    @Test
    void claimAnswersChallengeAndRealDnsProvesIt() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String agencyId = fixtures.createAgency(operator.bearer(), unique("County Sheriff"));
        String domain = newDomain();

        JsonPath claimed = claim(operator.bearer(), agencyId, "  " + domain.toUpperCase() + ". ", 201);
        assertEquals(domain, claimed.getString("domain"));
        assertEquals("_agency-verify-challenge." + domain, claimed.getString("challenge.recordName"));
        assertEquals("TXT", claimed.getString("challenge.recordType"));
        String token = claimed.getString("challenge.recordValue");
        assertTrue(token.length() >= 22, token);
        Instant expires = Instant.parse(claimed.getString("challenge.expiresAt"));
        assertTrue(expires.isAfter(Instant.now().plusSeconds(47 * 3600)) && expires.isBefore(Instant.now().plusSeconds(49 * 3600)));
        String domainId = claimed.getString("id");
        assertEquals(1, fixtures.audit(domainId, "domain.added").size());

        // Not published yet: the lookup finds nothing.
        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + agencyId + "/domains/" + domainId + "/prove").then()
                .statusCode(409).body("type", equalTo(ProblemType.CONFLICT.uri()))
                .body("detail", containsString("_agency-verify-challenge." + domain));
        // A wrong value proves nothing either.
        DnsTestResource.server().publish("_agency-verify-challenge." + domain, "not-the-token");
        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + agencyId + "/domains/" + domainId + "/prove").then()
                .statusCode(409);

        DnsTestResource.server().publish("_agency-verify-challenge." + domain, token);
        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + agencyId + "/domains/" + domainId + "/prove").then()
                .statusCode(200).body("proved", equalTo(true)).body("provedAt", notNullValue());
        assertEquals(1, fixtures.audit(domainId, "domain.proved").size());
        OrganizationRepresentation org = identities.realm().organizations().get(fixtures.agency(agencyId).keycloakOrgId).toRepresentation();
        assertNotNull(org.getDomain(domain));
        assertTrue(org.getDomain(domain).isVerified());

        // Proving again changes nothing; claiming it again is a duplicate.
        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + agencyId + "/domains/" + domainId + "/prove").then()
                .statusCode(200);
        claim(operator.bearer(), agencyId, domain, 409);
        given().header("Authorization", operator.bearer()).get("/v1/agencies/" + agencyId + "/domains").then()
                .statusCode(200).body("", hasSize(1)).body("[0].proved", equalTo(true));
    }

    @Test
    void aDomainBelongsToOneAgencyOnly() {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        String first = fixtures.createAgency(bearer, unique("First PD"));
        String second = fixtures.createAgency(bearer, unique("Second PD"));
        String domain = newDomain();
        claim(bearer, first, domain, 201);
        JsonPath conflict = claim(bearer, second, domain, 409);
        assertEquals(ProblemType.CONFLICT.uri(), conflict.getString("type"));
        assertEquals(List.of("domain"), conflict.getList("errors.field"));
    }

    @Test
    void badDomainsAreRefusedNamingTheField() {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        String agencyId = fixtures.createAgency(bearer, unique("Syntax PD"));
        for (String bad : List.of("10.1.2.3", "*.example.gov", "example.gov/x", "localhost", "example.gov:80")) {
            JsonPath problem = claim(bearer, agencyId, bad, 400);
            assertEquals(ProblemType.INVALID_REQUEST.uri(), problem.getString("type"));
            assertEquals(List.of("domain"), problem.getList("errors.field"));
        }
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of())
                .post("/v1/agencies/" + agencyId + "/domains").then().statusCode(400).body("errors.field", hasItem("domain"));
    }

    @Test
    void expiredChallengeIsRefusedAndANewOneCanBeAskedFor() {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        String agencyId = fixtures.createAgency(bearer, unique("Expiry PD"));
        String domain = newDomain();
        JsonPath first = claim(bearer, agencyId, domain, 201);
        String domainId = first.getString("id");
        DnsTestResource.server().publish("_agency-verify-challenge." + domain, first.getString("challenge.recordValue"));
        QuarkusTransaction.requiringNew().run(() -> AgencyDomain.update("challengeExpiresAt = ?1 where id = ?2",
                Instant.now().minusSeconds(1), UUID.fromString(domainId)));
        given().header("Authorization", bearer).post("/v1/agencies/" + agencyId + "/domains/" + domainId + "/prove").then()
                .statusCode(409).body("detail", containsString("expired"));

        JsonPath renewed = claim(bearer, agencyId, domain, 200);
        assertEquals(domainId, renewed.getString("id"));
        assertFalse(renewed.getString("challenge.recordValue").equals(first.getString("challenge.recordValue")));
        assertEquals(1, fixtures.audit(domainId, "domain.challenge-renewed").size());
        DnsTestResource.server().publish("_agency-verify-challenge." + domain, renewed.getString("challenge.recordValue"));
        given().header("Authorization", bearer).post("/v1/agencies/" + agencyId + "/domains/" + domainId + "/prove").then()
                .statusCode(200).body("proved", equalTo(true));
    }

    @Test
    void recheckFlagsALostRecordAndClearsTheFlagWhenItIsBack() {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        String agencyId = fixtures.createAgency(bearer, unique("Recheck PD"));
        String domain = newDomain();
        JsonPath claimed = claim(bearer, agencyId, domain, 201);
        String domainId = claimed.getString("id");
        String record = "_agency-verify-challenge." + domain;
        DnsTestResource.server().publish(record, claimed.getString("challenge.recordValue"));
        given().header("Authorization", bearer).post("/v1/agencies/" + agencyId + "/domains/" + domainId + "/prove").then().statusCode(200);

        DnsTestResource.server().remove(record);
        recheck.recheckAll();
        AgencyDomain lost = domainRow(domainId);
        assertNotNull(lost.proofLostAt);
        assertFalse(lost.isProved());
        assertEquals(1, fixtures.audit(domainId, "domain.proof-lost").size());
        String orgId = fixtures.agency(agencyId).keycloakOrgId;
        assertFalse(identities.realm().organizations().get(orgId).toRepresentation().getDomain(domain).isVerified());
        assertTrue(fixtures.audit(domainId, "domain.proof-lost").get(0).details.contains("\"before\""));

        DnsTestResource.server().publish(record, claimed.getString("challenge.recordValue"));
        recheck.recheckAll();
        AgencyDomain back = domainRow(domainId);
        assertNull(back.proofLostAt);
        assertTrue(back.isProved());
        assertEquals(1, fixtures.audit(domainId, "domain.proof-restored").size());
        assertTrue(identities.realm().organizations().get(orgId).toRepresentation().getDomain(domain).isVerified());
    }

    @Test
    void keycloakRefusingTheDomainLeavesItUnproved() {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        String agencyId = fixtures.createAgency(bearer, unique("Clash PD"));
        String domain = newDomain();
        JsonPath claimed = claim(bearer, agencyId, domain, 201);
        String domainId = claimed.getString("id");
        DnsTestResource.server().publish("_agency-verify-challenge." + domain, claimed.getString("challenge.recordValue"));
        // Someone made an organization with this domain in Keycloak behind the service's back.
        OrganizationRepresentation squatter = new OrganizationRepresentation();
        squatter.setName(unique("squatter"));
        squatter.setAlias(squatter.getName());
        squatter.addDomain(new org.keycloak.representations.idm.OrganizationDomainRepresentation(domain));
        String squatterId;
        try (var response = identities.realm().organizations().create(squatter)) {
            assertEquals(201, response.getStatus());
            String path = response.getLocation().getPath();
            squatterId = path.substring(path.lastIndexOf('/') + 1);
        }
        try {
            given().header("Authorization", bearer).post("/v1/agencies/" + agencyId + "/domains/" + domainId + "/prove").then()
                    .statusCode(409).body("errors.field", hasItem("domain"));
            assertNull(domainRow(domainId).provedAt);
            assertTrue(fixtures.audit(domainId, "domain.proved").isEmpty());
            OrganizationRepresentation org = identities.realm().organizations().get(fixtures.agency(agencyId).keycloakOrgId).toRepresentation();
            assertNull(org.getDomain(domain));
        } finally {
            identities.realm().organizations().get(squatterId).delete().close();
        }
    }

    @Test
    void provingTheFirstDomainOfAnAgencyWithoutOrganizationCreatesItAndFailureUndoesIt() {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        String agencyId = fixtures.createAgency(bearer, unique("Lazy PD"));
        String orgId = fixtures.agency(agencyId).keycloakOrgId;
        // Like an imported candidate: no organization yet.
        identities.realm().organizations().get(orgId).delete().close();
        QuarkusTransaction.requiringNew().run(() -> Agency.update("keycloakOrgId = null where id = ?1", UUID.fromString(agencyId)));
        String domain = newDomain();
        JsonPath claimed = claim(bearer, agencyId, domain, 201);
        DnsTestResource.server().publish("_agency-verify-challenge." + domain, claimed.getString("challenge.recordValue"));
        given().header("Authorization", bearer).post("/v1/agencies/" + agencyId + "/domains/" + claimed.getString("id") + "/prove").then()
                .statusCode(200);
        String created = fixtures.agency(agencyId).keycloakOrgId;
        assertNotNull(created);
        OrganizationRepresentation org = identities.realm().organizations().get(created).toRepresentation();
        assertTrue(org.getDomain(domain).isVerified());
        assertFalse(org.isEnabled());
    }

    @Test
    void everyDomainEndpointNeedsAnOperator() {
        String operator = identities.user(Roles.OPERATOR).bearer();
        String agencyId = fixtures.createAgency(operator, unique("Auth PD"));
        String domainId = claim(operator, agencyId, newDomain(), 201).getString("id");
        String base = "/v1/agencies/" + agencyId + "/domains";
        for (String bearer : List.of(identities.user(Roles.AGENCY_ADMIN).bearer(), identities.user(Roles.OFFICER).bearer())) {
            given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("domain", newDomain())).post(base).then()
                    .statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
            given().header("Authorization", bearer).get(base).then().statusCode(403);
            given().header("Authorization", bearer).post(base + "/" + domainId + "/prove").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(Map.of("domain", newDomain())).post(base).then().statusCode(401);
        given().get(base).then().statusCode(401);
        given().post(base + "/" + domainId + "/prove").then().statusCode(401);

        String unknown = "/v1/agencies/" + UUID.randomUUID() + "/domains";
        given().header("Authorization", operator).contentType(ContentType.JSON).body(Map.of("domain", newDomain())).post(unknown).then()
                .statusCode(404).body("type", equalTo(ProblemType.NOT_FOUND.uri()));
        given().header("Authorization", operator).get(unknown).then().statusCode(404);
        given().header("Authorization", operator).post(base + "/" + UUID.randomUUID() + "/prove").then().statusCode(404);
        // A domain id of another agency is not found under this one.
        String other = fixtures.createAgency(operator, unique("Other PD"));
        given().header("Authorization", operator).post("/v1/agencies/" + other + "/domains/" + domainId + "/prove").then().statusCode(404);
    }

    private static AgencyDomain domainRow(String id) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyDomain.<AgencyDomain>findById(UUID.fromString(id)));
    }
}
