package org.agencyverify.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;

/**
 * Linking rules: who may, pinned issuers, proved domains, duplicates, and nothing half-created. A link
 * is a pending change that a second operator approves ({@link OperatorChanges}); what is checked when it
 * is proposed is refused at once, what only Keycloak can refuse is refused at the approval.
 */
@QuarkusTest
class IdentityProviderLinkTest {

    @Inject
    TestIdentities identities;

    @Inject
    EnrolledAgencies agencies;

    @Inject
    AgencyVerifyConfig config;

    @Inject
    FederatedAgencies federated;

    @Inject
    OperatorChanges operators;

    /** Explicit endpoints: nothing is fetched, so no IdP realm is needed. */
    private Map<String, Object> explicit(String alias) {
        return explicitBody(config, alias);
    }

    static Map<String, Object> explicitBody(AgencyVerifyConfig config, String alias) {
        String base = config.keycloak().url() + "/realms/elsewhere-" + alias + "/protocol/openid-connect";
        Map<String, Object> body = new HashMap<>(Map.of("alias", alias, "issuer", config.keycloak().url() + "/realms/elsewhere-" + alias,
                "clientId", "broker", "clientSecret", "s3cret-" + alias));
        body.put("authorizationUrl", base + "/auth");
        body.put("tokenUrl", base + "/token");
        body.put("jwksUrl", base + "/certs");
        return body;
    }

    private static String alias() {
        return "idp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Response link(TestAgency agency, String bearer, Map<String, Object> body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return request.post(FederationTestSupport.path(agency.id()));
    }

    /** A second operator approves the pending change. */
    private Response approve(TestAgency agency, String changeId) {
        return given().header("Authorization", identities.user(Roles.OPERATOR).bearer())
                .post("/v1/agencies/" + agency.id() + "/changes/" + changeId + "/approve");
    }

    private static ValidatableResponse problem(Response response, ProblemType type) {
        return response.then().statusCode(type.status()).contentType(startsWith("application/problem+json"))
                .body("type", equalTo(type.uri()));
    }

    private boolean inKeycloak(String alias) {
        return identities.realm().identityProviders().findAll().stream().anyMatch(i -> alias.equals(i.getAlias()));
    }

    private static long rows(String alias) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyIdentityProvider.count("alias", alias));
    }

    @Test
    void explicitEndpointsLinkWithTheGivenSyncModeAndDomain() {
        TestAgency agency = agencies.active();
        String alias = alias();
        Map<String, Object> body = explicit(alias);
        body.put("syncMode", "FORCE");
        body.put("domain", agency.domain().toUpperCase());
        body.put("acceptedAcr", java.util.List.of("urn:agency:mfa", "phr", "phr"));
        var linked = operators.linkIdentityProvider(agency.id(), body);
        assertEquals("FORCE", linked.path("syncMode"));
        assertEquals(agency.domain(), linked.path("domain"));
        assertEquals(java.util.List.of("urn:agency:mfa", "phr"), linked.path("acceptedAcr"));
        assertEquals(java.util.Set.of("urn:agency:mfa", "phr"),
                QuarkusTransaction.requiringNew().call(() -> federated.acceptedAcr(agency.id(), alias)).orElseThrow());
        var representation = identities.realm().identityProviders().get(alias).toRepresentation();
        var config = representation.getConfig();
        assertEquals("FORCE", config.get("syncMode"));
        // Every agency IdP: only enrolled accounts, the agency's own sign-in kept, max_age and prompt passed on.
        assertEquals("agency-verify-first-broker-login", representation.getFirstBrokerLoginFlowAlias());
        assertEquals("agency-verify-post-broker-login", representation.getPostBrokerLoginFlowAlias());
        assertEquals("true", config.get("passMaxAge"));
        assertTrue(config.getOrDefault("prompt", "").isEmpty(), "no fixed prompt: the client's is passed on");
        assertEquals(java.util.List.of("agency-verify-upstream-sign-in"), identities.realm().identityProviders().get(alias).getMappers()
                .stream().map(m -> m.getIdentityProviderMapper()).toList());
        assertEquals(body.get("tokenUrl"), config.get("tokenUrl"));
        assertEquals("true", config.get("validateSignature"));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> federated.isAgencyIdentityProvider(agency.id(), alias)));
        TestAgency other = agencies.active();
        assertTrue(!QuarkusTransaction.requiringNew().call(() -> federated.isAgencyIdentityProvider(other.id(), alias)));
        identities.realm().identityProviders().get(alias).remove();
    }

    @Test
    void duplicateAliasIsAConflictNamingAlias() {
        TestAgency agency = agencies.active();
        String operator = identities.user(Roles.OPERATOR).bearer();
        String alias = alias();
        operators.linkIdentityProvider(agency.id(), explicit(alias));
        problem(link(agencies.active(), operator, explicit(alias)), ProblemType.CONFLICT).body("errors[0].field", equalTo("alias"));
        // Keycloak has one already that we never stored (made behind our back): still a 409 on alias.
        String foreign = alias();
        var idp = new org.keycloak.representations.idm.IdentityProviderRepresentation();
        idp.setAlias(foreign);
        idp.setProviderId("oidc");
        idp.setConfig(Map.of("clientId", "x", "authorizationUrl", "http://127.0.0.1/a", "tokenUrl", "http://127.0.0.1/t"));
        identities.realm().identityProviders().create(idp).close();
        // Only Keycloak knows that one: the proposal passes, the approval is refused and links nothing.
        String changeId = link(agency, operator, explicit(foreign)).then().statusCode(202).extract().path("change.id");
        problem(approve(agency, changeId), ProblemType.CONFLICT).body("errors[0].field", equalTo("alias"));
        assertEquals(0, rows(foreign));
        identities.realm().identityProviders().get(alias).remove();
        identities.realm().identityProviders().get(foreign).remove();
    }

    @Test
    void issuerIsPinnedToTheDiscoveryDocument() {
        TestAgency agency = agencies.active();
        String operator = identities.user(Roles.OPERATOR).bearer();
        String alias = alias();
        // Our own realm's discovery names its issuer without the trailing slash: not the same issuer.
        problem(link(agency, operator, Map.of("alias", alias, "issuer", config.keycloak().issuer() + "/",
                "clientId", "c", "clientSecret", "s")), ProblemType.INVALID_REQUEST).body("errors[0].field", equalTo("issuer"));
        problem(link(agency, operator, Map.of("alias", alias, "issuer", config.keycloak().url() + "/realms/no-such-" + alias,
                "clientId", "c", "clientSecret", "s")), ProblemType.INVALID_REQUEST).body("errors[0].field", equalTo("issuer"));
        Map<String, Object> partial = explicit(alias);
        partial.remove("jwksUrl");
        problem(link(agency, operator, partial), ProblemType.INVALID_REQUEST).body("errors[0].field", equalTo("authorizationUrl"));
        assertTrue(!inKeycloak(alias) && rows(alias) == 0);
    }

    @Test
    void badFieldsAndUnprovedDomainsAreNamed() {
        TestAgency agency = agencies.active();
        String operator = identities.user(Roles.OPERATOR).bearer();
        problem(link(agency, operator, Map.of("alias", "Bad Alias!", "issuer", "ftp://x")), ProblemType.INVALID_REQUEST)
                .body("errors.field", hasItems("alias", "issuer", "clientId", "clientSecret"));
        String alias = alias();
        Map<String, Object> body = explicit(alias);
        body.put("domain", agencies.addUnprovedDomain(agency));
        problem(link(agency, operator, body), ProblemType.INVALID_REQUEST).body("errors[0].field", equalTo("domain"));
        body.put("domain", agencies.active().domain());
        problem(link(agency, operator, body), ProblemType.INVALID_REQUEST).body("errors[0].field", equalTo("domain"));
        body.remove("domain");
        body.put("acceptedAcr", java.util.List.of("urn:agency:mfa", "two words"));
        problem(link(agency, operator, body), ProblemType.INVALID_REQUEST)
                .body("errors[0].field", org.hamcrest.Matchers.startsWith("acceptedAcr"));
        assertTrue(!inKeycloak(alias) && rows(alias) == 0);
    }

    @Test
    void keycloakFailingMidwayLeavesNoIdentityProvider() {
        TestAgency agency = agencies.active();
        identities.realm().organizations().get(agency.orgId()).delete().close();
        String alias = alias();
        String changeId = link(agency, identities.user(Roles.OPERATOR).bearer(), explicit(alias)).then().statusCode(202)
                .extract().path("change.id");
        problem(approve(agency, changeId), ProblemType.CONFLICT);
        assertTrue(!inKeycloak(alias), "the identity provider created before the organization link failed is gone");
        assertEquals(0, rows(alias));
        long audited = QuarkusTransaction.requiringNew().call(() -> org.agencyverify.audit.AuditEvent.count(
                "subjectId = ?1 and action like 'identity-provider.%'", agency.id().toString()));
        assertEquals(0, audited);
    }

    @Test
    void unknownAgencyAndAliasAreNotFound() {
        TestAgency agency = agencies.active();
        TestAgency ghost = new TestAgency(UUID.randomUUID(), agency.domain(), agency.orgId(), agency.admin());
        String operator = identities.user(Roles.OPERATOR).bearer();
        problem(link(ghost, operator, explicit(alias())), ProblemType.NOT_FOUND);
        problem(given().header("Authorization", operator).get(FederationTestSupport.path(ghost.id())), ProblemType.NOT_FOUND);
        problem(given().header("Authorization", operator).get(FederationTestSupport.path(agency.id()) + "/nope"), ProblemType.NOT_FOUND);
        problem(given().header("Authorization", operator).delete(FederationTestSupport.path(agency.id()) + "/nope"), ProblemType.NOT_FOUND);
        // Another agency's IdP under this agency's path is not there either.
        TestAgency other = agencies.active();
        String alias = alias();
        operators.linkIdentityProvider(other.id(), explicit(alias));
        problem(given().header("Authorization", operator).get(FederationTestSupport.path(agency.id()) + "/" + alias), ProblemType.NOT_FOUND);
        problem(given().header("Authorization", operator).delete(FederationTestSupport.path(agency.id()) + "/" + alias), ProblemType.NOT_FOUND);
        assertTrue(inKeycloak(alias));
        operators.unlinkIdentityProvider(other.id(), alias);
        assertTrue(!inKeycloak(alias));
    }

    @Test
    void onlyOperatorsMayUseAnyEndpoint() {
        TestAgency agency = agencies.active();
        String alias = alias();
        operators.linkIdentityProvider(agency.id(), explicit(alias));
        String path = FederationTestSupport.path(agency.id());
        List<BiFunction<io.restassured.specification.RequestSpecification, String, Response>> calls = List.of(
                (request, a) -> request.contentType(ContentType.JSON).body(explicit(alias())).post(path),
                (request, a) -> request.get(path),
                (request, a) -> request.get(path + "/" + a),
                (request, a) -> request.delete(path + "/" + a));
        for (var call : calls) {
            problem(call.apply(given(), alias), ProblemType.UNAUTHORIZED);
            problem(call.apply(given().header("Authorization", "Bearer not.a.jwt"), alias), ProblemType.UNAUTHORIZED);
            // The agency's own admin may not change how its officers authenticate.
            problem(call.apply(given().header("Authorization", agency.admin().bearer()), alias), ProblemType.FORBIDDEN);
            problem(call.apply(given().header("Authorization", identities.user(Roles.OFFICER, Roles.PORTAL).bearer()), alias),
                    ProblemType.FORBIDDEN);
        }
        assertTrue(inKeycloak(alias));
        assertEquals(1, rows(alias));
        operators.unlinkIdentityProvider(agency.id(), alias);
    }
}
