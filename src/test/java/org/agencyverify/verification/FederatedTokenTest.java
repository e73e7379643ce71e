package org.agencyverify.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.federation.AgencyIdpRealm.Upstream;
import org.agencyverify.federation.BrokerReconcile;
import org.agencyverify.federation.FederatedOfficer;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * Finding 6 of issue 10: a federated officer's token is judged by the agency's own sign-in, not by
 * Keycloak's broker session. The agency IdP's {@code auth_time}, {@code acr} and {@code amr} reach the
 * token as {@code idp_auth_time}, {@code idp_acr}, {@code idp_amr}; the acr must be one the IdP was
 * linked with; {@code max_age} and {@code prompt} reach the agency's IdP; and only clients allowed to
 * produce officer tokens ({@code azp}) count.
 */
@QuarkusTest
class FederatedTokenTest {

    static final String MFA = "urn:agency:mfa";
    static final String REFUSED = "urn:agency-verify:problem:verification-refused";

    @Inject
    TestIdentities identities;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    AgencyVerifyConfig config;
    @Inject
    BrokerReconcile reconcile;

    private FederatedOfficer officer(TestAgency agency, Upstream upstream, String... acceptedAcr) {
        return new FederatedOfficer(identities, config.keycloak().url(), config.keycloak().issuer(), agency, upstream, acceptedAcr);
    }

    @Test
    void aFreshAgencySignInWithAnAcceptedAcrStartsAVerification() {
        TestPortal portal = fixtures.portal();
        TestAgency agency = fixtures.agencyWithContacts();
        try (FederatedOfficer officer = officer(agency, Upstream.acr(MFA, "pwd", "otp"), MFA)) {
            assertEquals(MFA, BrowserlessLogin.claims(officer.firstToken).path("idp_acr").asText(), "the first sign-in says it too");
            String token = officer.signIn(TestIdentities.CLIENT);
            JsonNode claims = BrowserlessLogin.claims(token);
            assertEquals(MFA, claims.path("idp_acr").asText(), claims.toString());
            assertEquals(List.of("pwd", "otp"), strings(claims.path("idp_amr")));
            assertTrue(Math.abs(claims.path("idp_auth_time").asLong() - System.currentTimeMillis() / 1000) < 120, claims.toString());

            String id = start(portal, officer, agency, token, "SUBPOENA").statusCode(202)
                    .body("state", equalTo("PENDING_CONFIRMATION")).extract().path("id");
            Verification row = QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(UUID.fromString(id)));
            assertEquals(MFA, row.acr, "the agency's acr, not Keycloak's");
            assertTrue(row.amr.contains("otp"), row.amr);
        }
    }

    /**
     * The agency's IdP says its sign-in is an hour old. Keycloak, told to pass max_age on, takes the
     * agency's auth_time for its own session too; with that setting switched off by hand, Keycloak's
     * session is seconds old while the agency's sign-in is an hour old: refused either way, and the
     * scheduled check puts the setting back (audited).
     */
    @Test
    void aStaleAgencySignInIsRefusedThoughKeycloaksSessionIsFresh() {
        TestPortal portal = fixtures.portal();
        TestAgency agency = fixtures.agencyWithContacts();
        try (FederatedOfficer officer = officer(agency, Upstream.acr(MFA, "pwd", "otp").signedInAgo(3600), MFA)) {
            long now = System.currentTimeMillis() / 1000;
            JsonNode claims = BrowserlessLogin.claims(officer.signIn(TestIdentities.CLIENT));
            assertTrue(now - claims.path("idp_auth_time").asLong() >= 3500, claims.toString());
            assertRefused(portal, officer, agency, officer.signIn(TestIdentities.CLIENT), "SUBPOENA", "token-idp-auth-time-stale");

            var idp = identities.realm().identityProviders().get(officer.alias);
            var representation = idp.toRepresentation();
            representation.getConfig().put("passMaxAge", "false");
            idp.update(representation);
            String token = officer.signIn(TestIdentities.CLIENT);
            claims = BrowserlessLogin.claims(token);
            assertTrue(System.currentTimeMillis() / 1000 - claims.path("auth_time").asLong() < 120, "Keycloak's own session is fresh: " + claims);
            assertTrue(now - claims.path("idp_auth_time").asLong() >= 3500, "the agency's sign-in is an hour old: " + claims);
            assertRefused(portal, officer, agency, token, "SUBPOENA", "token-idp-auth-time-stale");

            assertTrue(reconcile.reconcile() >= 1);
            assertEquals("true", idp.toRepresentation().getConfig().get("passMaxAge"), "put back");
            assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                    "subjectId = ?1 and action = 'identity-provider.broker-settings-restored'", agency.id().toString())));
        }
    }

    @Test
    void anAcrTheIdentityProviderWasNotLinkedWithIsRefused() {
        TestPortal portal = fixtures.portal();
        TestAgency agency = fixtures.agencyWithContacts();
        try (FederatedOfficer officer = officer(agency, Upstream.acr("urn:agency:password-only", "pwd"), MFA)) {
            assertRefused(portal, officer, agency, officer.signIn(TestIdentities.CLIENT), "SUBPOENA", "token-idp-acr-not-accepted");
        }
    }

    /** An IdP linked without saying which of its sign-ins are strong (as every IdP linked before) vouches for none. */
    @Test
    void anIdentityProviderLinkedWithoutAcceptedAcrVouchesForNoSignIn() {
        TestPortal portal = fixtures.portal();
        TestAgency agency = fixtures.agencyWithContacts();
        try (FederatedOfficer officer = officer(agency, Upstream.acr(MFA, "pwd", "otp"))) {
            assertRefused(portal, officer, agency, officer.signIn(TestIdentities.CLIENT), "SUBPOENA", "token-idp-without-accepted-acr");
        }
    }

    /** A genuine officer token of this realm, for this API, fresh and strong, but minted for another client. */
    @Test
    void aTokenOfAClientNotAllowedToProduceOfficerTokensIsRefused() {
        TestPortal portal = fixtures.portal();
        TestAgency agency = fixtures.agencyWithContacts();
        String clientId = "other-console-" + UUID.randomUUID().toString().substring(0, 8);
        String clientUuid = createClient(clientId);
        try (FederatedOfficer officer = officer(agency, Upstream.acr(MFA, "pwd", "otp"), MFA)) {
            String token = officer.signIn(clientId);
            assertEquals(clientId, BrowserlessLogin.claims(token).path("azp").asText());
            assertRefused(portal, officer, agency, token, "SUBPOENA", "token-client-not-allowed");
        } finally {
            identities.realm().clients().get(clientUuid).remove();
        }
    }

    /**
     * {@code max_age} reaches the agency's IdP, which then asks the officer to sign in again although
     * its own session is alive; {@code prompt=login} as well.
     */
    @Test
    void maxAgeAndPromptReachTheAgencysIdentityProvider() throws InterruptedException {
        TestAgency agency = fixtures.agencyWithContacts();
        try (FederatedOfficer officer = officer(agency, Upstream.acr(MFA, "pwd", "otp"), MFA)) {
            BrowserlessLogin login = new BrowserlessLogin(config.keycloak().issuer(), TestIdentities.CLIENT);
            officer.signIn(login, Map.of());
            BrowserlessLogin.Page silent = login.authorize("openid", Map.of("kc_idp_hint", officer.alias));
            assertTrue(silent.uri().toString().startsWith(BrowserlessLogin.REDIRECT_URI), "both sessions alive: no form");

            Thread.sleep(2100);
            BrowserlessLogin.Page again = login.authorize("openid", Map.of("kc_idp_hint", officer.alias, "max_age", "1"));
            assertTrue(again.uri().toString().startsWith(officer.idp.issuer()) && again.contains("kc-form-login"),
                    "max_age=1 made the agency's IdP ask again: " + again.uri());

            BrowserlessLogin fresh = new BrowserlessLogin(config.keycloak().issuer(), TestIdentities.CLIENT);
            officer.signIn(fresh, Map.of());
            BrowserlessLogin.Page prompted = fresh.authorize("openid", Map.of("kc_idp_hint", officer.alias, "prompt", "login"));
            assertTrue(prompted.uri().toString().startsWith(officer.idp.issuer()) && prompted.contains("kc-form-login"),
                    "prompt=login made the agency's IdP ask again: " + prompted.uri());
        }
    }

    private io.restassured.response.ValidatableResponse start(TestPortal portal, FederatedOfficer officer, TestAgency agency,
            String token, String purpose) {
        return given().header("Authorization", portal.bearer()).contentType(ContentType.JSON)
                .body(VerificationFixtures.body(officer.email, agency.domain(), VerificationFixtures.token(token), purpose))
                .post("/v1/verifications").then();
    }

    private void assertRefused(TestPortal portal, FederatedOfficer officer, TestAgency agency, String token, String purpose,
            String reason) {
        start(portal, officer, agency, token, purpose).statusCode(403).body("type", equalTo(REFUSED));
        Verification row = QuarkusTransaction.requiringNew().call(() ->
                Verification.<Verification>find("portalId = ?1 order by createdAt desc", portal.id()).firstResult());
        assertEquals(VerificationState.REJECTED, row.state);
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Confirmation.count("verificationId", row.id)), "no contact asked");
        AuditEvent event = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(
                "subjectId = ?1 and action = 'verification.rejected'", row.id.toString()).singleResult());
        assertEquals(reason, read(event.details).path("reason").asText(), event.details);
    }

    private String createClient(String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setEnabled(true);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setDirectAccessGrantsEnabled(false);
        client.setRedirectUris(List.of("http://127.0.0.1/*"));
        client.setAttributes(Map.of("pkce.code.challenge.method", "S256"));
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("agency-verify-api audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", "agency-verify-api", "id.token.claim", "false",
                "access.token.claim", "true", "introspection.token.claim", "true"));
        client.setProtocolMappers(List.of(audience));
        try (Response response = identities.realm().clients().create(client)) {
            assertEquals(201, response.getStatus());
            String path = response.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
