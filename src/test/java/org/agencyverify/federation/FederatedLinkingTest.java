package org.agencyverify.federation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyDomain;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.security.Roles;
import org.agencyverify.officer.Officer;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;

/**
 * Finding 2 of issue 10: a linked agency IdP could become any user. An IdP of agency X asserting the
 * email of an operator, of agency Y's admin, of agency Y's officer, or of X's own officer at a domain X
 * no longer proves, gets no session, links nothing, and leaves an audited refusal (a Keycloak error
 * event with the reason, copied into the service's audit chain). X's officer at X's proved domain
 * signs in and is linked. The agency IdPs are realms of the same Keycloak ({@link AgencyIdpRealm}).
 */
@QuarkusTest
class FederatedLinkingTest {

    /** The one page every refusal shows: nothing about which check failed, or whether the account exists. */
    static final String REFUSAL_PAGE_TEXT = "Signing in through this identity provider is not possible for this account";

    @Inject
    OperatorChanges operators;

    @Inject
    TestIdentities identities;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    AgencyFixtures agencyFixtures;
    @Inject
    AgencyVerifyConfig config;
    @Inject
    LinkRefusals refusals;

    @Test
    void anAgencyIdentityProviderAssertingAnOperatorsEmailGetsNoSession() {
        TestAgency x = agencies.active();
        TestIdentities.TestUser operator = identities.user(Roles.OPERATOR);
        assertRefused(x, operator.email(), operator.id(), "email-domain-not-verified");
    }

    @Test
    void anAgencyIdentityProviderAssertingAnotherAgencysAdminGetsNoSession() {
        TestAgency x = agencies.active();
        TestAgency y = agencies.active();
        String email = y.email("chief-" + UUID.randomUUID().toString().substring(0, 6));
        String adminUser = given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Chief Y")).post("/v1/agencies/" + y.id() + "/admins").then()
                .statusCode(201).extract().path("keycloakUserId");
        assertRefused(x, email, adminUser, "email-domain-not-verified");
    }

    @Test
    void anAgencyIdentityProviderAssertingAnotherAgencysOfficerGetsNoSession() {
        TestAgency x = agencies.active();
        TestAgency y = agencies.active();
        String email = y.email("officer-" + UUID.randomUUID().toString().substring(0, 6));
        assertRefused(x, email, enroll(y, email), "email-domain-not-verified");
    }

    @Test
    void anAgencyIdentityProviderAssertingItsOwnOfficerAtADomainNoLongerProvedGetsNoSession() {
        TestAgency x = agencies.active();
        String second = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".agency.test";
        agencyFixtures.addProvedDomain(x.id().toString(), second);
        setOrganizationDomain(x, second, true);
        String email = "officer@" + second;
        String officerUser = enroll(x, email);
        // What the scheduled re-check does when the domain's TXT record is gone (DomainRecheck).
        QuarkusTransaction.requiringNew().run(() -> AgencyDomain.<AgencyDomain>find("domain", second).firstResult().proofLostAt = Instant.now());
        setOrganizationDomain(x, second, false);
        assertRefused(x, email, officerUser, "email-domain-not-verified");
    }

    @Test
    void anAgencyIdentityProviderAssertingItsOwnOfficerAtItsProvedDomainSignsInAndIsLinked() {
        TestAgency x = agencies.active();
        String email = x.email("officer-" + UUID.randomUUID().toString().substring(0, 6));
        String alias = alias();
        try (AgencyIdpRealm idp = new AgencyIdpRealm(config.keycloak().url(), alias, email)) {
            link(x, idp, alias);
            // Enrolled once the agency signs in at home: no local password or authenticator to set up.
            String officerUser = enroll(x, email);
            BrowserlessLogin login = signIn(idp, alias).login();
            assertTrue(login.code() != null, "signed in");
            assertEquals(officerUser, BrowserlessLogin.claims(login.tokens().path("access_token").asText()).path("sub").asText());
            assertEquals(List.of(alias), links(officerUser).stream().map(FederatedIdentityRepresentation::getIdentityProvider).toList());
            assertEquals(1, identities.realm().users().searchByEmail(email, true).size(), "no second account");
        }
    }

    /**
     * A link made before this rule (by the old first-broker-login flow, or by hand) is no way in
     * either: every later sign-in through the IdP passes the same rule.
     */
    @Test
    void aLinkMadeBeforeTheRuleGivesNoSession() {
        TestAgency x = agencies.active();
        TestIdentities.TestUser operator = identities.user(Roles.OPERATOR);
        String alias = alias();
        long since = System.currentTimeMillis() - 1000;
        try (AgencyIdpRealm idp = new AgencyIdpRealm(config.keycloak().url(), alias, operator.email())) {
            link(x, idp, alias);
            FederatedIdentityRepresentation old = new FederatedIdentityRepresentation();
            old.setIdentityProvider(alias);
            old.setUserId(idp.userId());
            old.setUserName("officer");
            identities.realm().users().get(operator.id()).addFederatedIdentity(alias, old).close();

            int sessionsBefore = identities.realm().users().get(operator.id()).getUserSessions().size();
            SignIn signIn = signIn(idp, alias);
            assertNull(signIn.login().code(), "no session through a link made before the rule");
            assertTrue(signIn.page().contains(REFUSAL_PAGE_TEXT), BrowserlessLogin.inputs(signIn.page()));
            assertEquals(sessionsBefore, identities.realm().users().get(operator.id()).getUserSessions().size(), "no new session");
            List<EventRepresentation> events = identities.realm().getEvents(List.of("IDENTITY_PROVIDER_POST_LOGIN_ERROR"), null,
                    operator.id(), since, System.currentTimeMillis() + 1000, null, 0, 100, "asc");
            assertEquals(1, events.size(), events.toString());
            assertEquals("email-domain-not-verified", events.get(0).getDetails().get("reason"));
        }
    }

    private void assertRefused(TestAgency x, String email, String targetUser, String reason) {
        String alias = alias();
        long since = System.currentTimeMillis() - 1000;
        List<String> membersBefore = agencies.memberIds(x);
        int sessionsBefore = identities.realm().users().get(targetUser).getUserSessions().size();
        try (AgencyIdpRealm idp = new AgencyIdpRealm(config.keycloak().url(), alias, email)) {
            link(x, idp, alias);
            SignIn signIn = signIn(idp, alias);
            assertNull(signIn.login().code(), "no code, no session: the IdP of agency X asserted " + email);
            assertTrue(signIn.page().contains(REFUSAL_PAGE_TEXT), "the refusal page: " + BrowserlessLogin.inputs(signIn.page()));
            assertEquals(403, signIn.page().status());
            assertFalse(signIn.page().contains(email) || signIn.page().contains(reason), "the page names neither the account nor the reason");

            assertEquals(List.of(), links(targetUser), "nothing linked to the account");
            assertEquals(1, identities.realm().users().searchByEmail(email, true).size(), "no account created");
            assertEquals(membersBefore, agencies.memberIds(x), "no one joined agency X's organization");
            assertEquals(sessionsBefore, identities.realm().users().get(targetUser).getUserSessions().size(), "no new session for the account");

            EventRepresentation event = refusalEvent(alias, since);
            assertEquals(reason, event.getDetails().get("reason"));
            assertEquals(email.toLowerCase(), event.getDetails().get("email"));
            assertEquals(targetUser, event.getUserId(), "the event names the account the IdP asserted");

            refusals.collect();
            List<AuditEvent> audited = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list(
                    "subjectId = ?1 and action = 'identity-provider.link-refused' order by sequence", x.id().toString()));
            assertEquals(1, audited.size(), "one audit event for the refusal");
            assertTrue(audited.get(0).details.contains(reason) && audited.get(0).details.contains(alias)
                    && audited.get(0).details.contains(event.getId()), audited.get(0).details);
            refusals.collect();
            assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                    "subjectId = ?1 and action = 'identity-provider.link-refused'", x.id().toString())), "read once");
        }
    }

    private EventRepresentation refusalEvent(String alias, long since) {
        List<EventRepresentation> events = identities.realm().getEvents(List.of("IDENTITY_PROVIDER_FIRST_LOGIN_ERROR"), null, null,
                since, System.currentTimeMillis() + 1000, null, 0, 100, "asc");
        List<EventRepresentation> ours = events.stream().filter(e -> alias.equals(e.getDetails().get("identity_provider"))).toList();
        assertEquals(1, ours.size(), "one error event for the refusal: " + events);
        assertEquals("agency_verify_link_refused", ours.get(0).getError());
        return ours.get(0);
    }

    private record SignIn(BrowserlessLogin login, BrowserlessLogin.Page page) {}

    private SignIn signIn(AgencyIdpRealm idp, String alias) {
        BrowserlessLogin login = new BrowserlessLogin(config.keycloak().issuer(), TestIdentities.CLIENT);
        BrowserlessLogin.Page page = login.authorize("openid", Map.of("kc_idp_hint", alias));
        assertTrue(page.uri().toString().startsWith(idp.issuer()), "sent to the agency's IdP: " + page.uri());
        return new SignIn(login, login.submit(page, "kc-form-login", Map.of("username", "officer", "password", idp.userPassword)));
    }

    private void link(TestAgency agency, AgencyIdpRealm idp, String alias) {
        operators.linkIdentityProvider(agency.id(), idp.linkRequest(alias));
    }

    private String enroll(TestAgency agency, String email) {
        String id = given().header("Authorization", agency.admin().bearer()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Dana Officer", "badgeNumber", "B-" + UUID.randomUUID()))
                .post("/v1/agencies/" + agency.id() + "/officers").then().statusCode(201).extract().path("id");
        return QuarkusTransaction.requiringNew().call(() -> Officer.<Officer>findById(UUID.fromString(id)).keycloakUserId);
    }

    private List<FederatedIdentityRepresentation> links(String userId) {
        return identities.realm().users().get(userId).getFederatedIdentity();
    }

    private void setOrganizationDomain(TestAgency agency, String domain, boolean verified) {
        var resource = identities.realm().organizations().get(agency.orgId());
        OrganizationRepresentation org = resource.toRepresentation();
        OrganizationDomainRepresentation existing = org.getDomain(domain);
        if (existing == null) {
            existing = new OrganizationDomainRepresentation(domain);
            org.addDomain(existing);
        }
        existing.setVerified(verified);
        resource.update(org).close();
    }

    private static String alias() {
        return "idp-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
