package org.agencyverify.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.agencyverify.agency.Agency;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.common.security.Roles;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.portal.ClientCredentials;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The whole start of a verification on the real Keycloak, PostgreSQL and Redis. */
@QuarkusTest
class VerificationFlowTest {

    private static final String REFUSED = "urn:agency-verify:problem:verification-refused";

    @Inject
    TestIdentities identities;
    @Inject
    OperatorChanges operators;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    AgencyFixtures agencyFixtures;
    @Inject
    OfficerFixtures officerFixtures;

    @ConfigProperty(name = "agency-verify.verification.refusal-floor")
    Duration floor;

    @ConfigProperty(name = "agency-verify.verification.poll-interval")
    Duration pollInterval;

    @Inject
    VerificationFixtures fixtures;

    private TestPortal portal() {
        return fixtures.portal();
    }

    private TestOfficer activeOfficer(TestAgency agency) {
        return fixtures.activeOfficer(agency);
    }

    private TestAgency agencyWithContacts() {
        return fixtures.agencyWithContacts();
    }

    private static Map<String, Object> body(String email, String domain, Map<String, ?> credentials, String purpose) {
        return VerificationFixtures.body(email, domain, credentials, purpose);
    }

    private static Map<String, String> password(String password, String otp) {
        return VerificationFixtures.password(password, otp);
    }

    private static Map<String, String> token(String token) {
        return Map.of("type", "token", "token", token);
    }

    private static Response post(TestPortal portal, String bearer, Map<String, Object> body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body).post("/v1/verifications");
    }

    /** The identical refusal, no faster than the floor, a REJECTED row with its reason, and no confirmation. */
    private void assertRefused(TestPortal portal, Map<String, Object> body, String reason) {
        String caseReference = (String) body.get("caseReference");
        long started = System.nanoTime();
        var refused = post(portal, portal.bearer(), body).then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(REFUSED))
                .body("detail", equalTo(VerificationGate.REFUSED_DETAIL))
                .extract();
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(tookMillis >= floor.toMillis(), "refusal took " + tookMillis + " ms, below the floor");
        assertEquals((Object) null, refused.path("errors"), "a refusal names no field");
        Verification row = QuarkusTransaction.requiringNew().call(() ->
                Verification.<Verification>find("portalId = ?1 and caseReference = ?2", portal.id(), caseReference).singleResult());
        assertEquals(VerificationState.REJECTED, row.state);
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> Confirmation.count("verificationId", row.id)));
        AuditEvent event = audit(row.id, "verification.rejected");
        assertEquals(reason, readJson(event.details).path("reason").asText(), event.details);
        Object secret = ((Map<?, ?>) body.get("credentials")).get("password");
        if (secret != null) {
            assertFalse(event.details.contains((String) secret), "no password in the audit trail");
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static AuditEvent audit(UUID id, String action) {
        return QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.<AuditEvent>find("subjectId = ?1 and action = ?2", id.toString(), action).singleResult());
    }

    @Test
    void happyPathStartsAPendingVerificationAndAsksTheRegisteredContacts() {
        TestAgency agency = agencyWithContacts();
        TestOfficer officer = activeOfficer(agency);
        TestPortal portal = portal();
        String bearer = portal.bearer();
        var keycloakUser = identities.realm().users().get(OfficerFixtures.row(officer.id()).keycloakUserId);
        int sessionsBefore = keycloakUser.getUserSessions().size();
        Map<String, Object> body = body(officer.email(), agency.domain(), password(officer.password(), officer.nextOtp()), "SUBPOENA");
        body.put("audience", portal.audience());
        var started = post(portal, bearer, body).then().statusCode(202)
                .header("Location", containsString("/v1/verifications/"))
                .body("state", equalTo("PENDING_CONFIRMATION"))
                .body("expiresAt", notNullValue())
                .body("pollInterval", equalTo((int) pollInterval.toSeconds()))
                .body("bindingMessage", containsString("Dana Q. Officer"))
                .body("bindingMessage", containsString("Test agency"))
                .body("bindingMessage", containsString(portal.name()))
                .body("bindingMessage", containsString("SUBPOENA"))
                .body("bindingMessage", containsString((String) body.get("caseReference")))
                .extract();
        UUID id = UUID.fromString(started.path("id"));
        assertTrue(started.header("Location").endsWith("/v1/verifications/" + id));
        assertEquals(sessionsBefore, keycloakUser.getUserSessions().size(), "the credential check leaves no Keycloak session");

        Verification row = QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(id));
        assertEquals(officer.id(), row.officerId);
        assertEquals(VerificationState.PENDING_CONFIRMATION, row.state);
        assertEquals(CredentialKind.PASSWORD_OTP, row.credentialKind);
        assertTrue(row.amr.contains("otp") && row.amr.contains("pwd"), row.amr);
        assertTrue(started.<String>path("bindingMessage").endsWith(row.bindingCode));
        assertTrue(Duration.between(row.createdAt, row.expiresAt).compareTo(Duration.ofHours(23)) > 0);
        List<Confirmation> confirmations = QuarkusTransaction.requiringNew().call(() -> Confirmation.<Confirmation>list("verificationId", id));
        assertEquals(2, confirmations.size(), "both ACTIVE contacts, not the PENDING one");
        // PENDING, or already SENT: the outbox worker (every second under %test) may have mailed them.
        assertTrue(confirmations.stream().allMatch(c -> (c.status == Confirmation.Status.PENDING || c.status == Confirmation.Status.SENT)
                && "EMAIL".equals(c.channel)), confirmations.stream().map(c -> c.status.name()).toList().toString());
        Set<UUID> active = QuarkusTransaction.requiringNew().call(() -> AgencyContact.<AgencyContact>list("agencyId = ?1 and status = ?2",
                agency.id(), AgencyContact.Status.ACTIVE).stream().map(c -> c.id).collect(Collectors.toSet()));
        assertEquals(active, confirmations.stream().map(c -> c.contactId).collect(Collectors.toSet()));
        AuditEvent event = audit(id, "verification.started");
        assertFalse(event.details.contains(officer.password()));

        given().header("Authorization", bearer).get("/v1/verifications/" + id).then().statusCode(200)
                .body("id", equalTo(id.toString())).body("state", equalTo("PENDING_CONFIRMATION"));
        given().header("Authorization", bearer).get("/v1/verifications/" + id).then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:agency-verify:problem:slow-down"));

        // Another portal sees exactly what it sees for an id that does not exist.
        TestPortal other = portal();
        String otherBearer = other.bearer();
        var foreign = given().header("Authorization", otherBearer).get("/v1/verifications/" + id).then().statusCode(404).extract();
        var unknown = given().header("Authorization", otherBearer).get("/v1/verifications/" + UUID.randomUUID()).then().statusCode(404).extract();
        assertEquals(unknown.<String>path("type"), foreign.<String>path("type"));
        assertEquals(unknown.<String>path("detail"), foreign.<String>path("detail"));

        // Past its deadline, the next poll answers EXPIRED and records it.
        QuarkusTransaction.requiringNew().run(() -> Verification.update("expiresAt = ?1 where id = ?2", Instant.now().minusSeconds(1), id));
        String freshPortalBearer = portal.bearer();
        // the poll interval still runs for this portal: wait it out
        sleep(pollInterval.plusMillis(200));
        given().header("Authorization", freshPortalBearer).get("/v1/verifications/" + id).then().statusCode(200)
                .body("state", equalTo("EXPIRED"));
        audit(id, "verification.expired");
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Confirmation.<Confirmation>list("verificationId", id))
                .stream().allMatch(c -> c.status == Confirmation.Status.EXPIRED));
    }

    @Test
    void everyFailedCheckAnswersTheSameRefusal() {
        TestPortal portal = portal();
        TestAgency agency = agencyWithContacts();
        TestOfficer officer = activeOfficer(agency);
        Map<String, String> anyPassword = password("not-it", "123456");

        assertRefused(portal, body("a@nowhere-" + UUID.randomUUID() + ".test", "nowhere-x.test", anyPassword, "SUBPOENA"), "domain-unknown");
        String unproved = agencies.addUnprovedDomain(agency);
        assertRefused(portal, body("a@" + unproved, unproved, anyPassword, "SUBPOENA"), "domain-not-proved");
        TestAgency pending = agencies.create(AgencyStatus.PENDING);
        assertRefused(portal, body(pending.email("x"), pending.domain(), anyPassword, "SUBPOENA"), "agency-not-active");
        TestAgency suspended = agencies.create(AgencyStatus.SUSPENDED);
        assertRefused(portal, body(suspended.email("x"), suspended.domain(), anyPassword, "SUBPOENA"), "agency-not-active");
        TestAgency otherAgency = agencies.active();
        assertRefused(portal, body(officer.email(), otherAgency.domain(), anyPassword, "SUBPOENA"), "email-not-at-domain");
        assertRefused(portal, body(agency.email("nobody-" + UUID.randomUUID().toString().substring(0, 6)), agency.domain(),
                anyPassword, "SUBPOENA"), "officer-unknown");
        assertRefused(portal, body(officer.email(), agency.domain(), password(officer.password(), officer.nextOtp()), "EMERGENCY"),
                "credential-kind-not-accepted-for-purpose");
        // A genuine token of this realm, but of another user (the agency's admin) and from a sign-in without auth_time.
        assertRefused(portal, body(officer.email(), agency.domain(), token(agency.admin().token()), "SUBPOENA"), "token-subject-mismatch");
        // A token this realm never signed (the master realm's).
        assertRefused(portal, body(officer.email(), agency.domain(),
                token(TestIdentities.masterRealmAdminToken(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("agency-verify.keycloak.url", String.class))), "SUBPOENA"), "token-invalid");
        // The officer's own fresh browser sign-in during setup: the TOTP was being registered, not used to
        // sign in, so the token's amr says at most pwd (OfficerTokenTest signs in with the OTP).
        assertRefused(portal, body(officer.email(), agency.domain(), token(officer.browserToken()), "SUBPOENA"),
                "token-authentication-too-weak");
        assertRefused(portal, body(officer.email(), agency.domain(), token(officer.browserToken()), "EMERGENCY"),
                "token-authentication-too-weak");
        // Another officer's genuine, fresh token for this officer's email.
        TestOfficer second = activeOfficer(agency);
        assertRefused(portal, body(officer.email(), agency.domain(), token(second.browserToken()), "SUBPOENA"), "token-subject-mismatch");
    }

    @Test
    void wrongPasswordWrongOtpAndSuspendedOfficerAreRefusedAlike() {
        TestPortal portal = portal();
        TestAgency agency = agencyWithContacts();
        TestOfficer wrongPassword = activeOfficer(agency);
        assertRefused(portal, body(wrongPassword.email(), agency.domain(), password("wrong-" + UUID.randomUUID(), wrongPassword.nextOtp()),
                "COURT_ORDER"), "keycloak-invalid-credentials");
        TestOfficer wrongOtp = activeOfficer(agency);
        String badCode = wrongOtp.nextOtp().equals("000000") ? "111111" : "000000";
        // The audit log says the password was right: someone holds it (the portal gets the same refusal).
        assertRefused(portal, body(wrongOtp.email(), agency.domain(), password(wrongOtp.password(), badCode), "COURT_ORDER"),
                "keycloak-second-factor-failed");
        TestOfficer suspended = activeOfficer(agency);
        given().header("Authorization", agency.admin().bearer())
                .post("/v1/agencies/" + agency.id() + "/officers/" + suspended.id() + "/suspend").then().statusCode(200);
        assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(suspended.id()).status);
        assertRefused(portal, body(suspended.email(), agency.domain(), password(suspended.password(), suspended.nextOtp()),
                "COURT_ORDER"), "officer-not-active");
    }

    @Test
    void agencyWithoutEligibleContactIsRefusedToo() {
        TestPortal portal = portal();
        TestAgency agency = agencies.active();
        agencyFixtures.addContact(agency.id(), AgencyContact.Level.STANDARD, AgencyContact.Status.REMOVED);
        TestOfficer officer = activeOfficer(agency);
        assertRefused(portal, body(officer.email(), agency.domain(), password(officer.password(), officer.nextOtp()), "SUBPOENA"),
                "no-eligible-contact");
    }

    @Test
    void badInputNamesTheField() {
        TestPortal portal = portal();
        String bearer = portal.bearer();
        Map<String, String> creds = password("x", "123456");
        Map<String, Object> badEmail = body("not-an-email", "x.test", creds, "SUBPOENA");
        post(portal, bearer, badEmail).then().statusCode(400).body("errors.field", hasItem("email"));
        Map<String, Object> badPurpose = body("a@x.test", "x.test", creds, "FISHING");
        post(portal, bearer, badPurpose).then().statusCode(400).body("errors.field", hasItem("purpose"));
        Map<String, Object> badDigest = body("a@x.test", "x.test", creds, "SUBPOENA");
        badDigest.put("documentDigest", "abc");
        post(portal, bearer, badDigest).then().statusCode(400).body("errors.field", hasItem("documentDigest"));
        Map<String, Object> noOtp = body("a@x.test", "x.test", Map.of("type", "password", "password", "x"), "SUBPOENA");
        post(portal, bearer, noOtp).then().statusCode(400).body("errors.field", hasItem("credentials.otp"));
        Map<String, Object> otherAudience = body("a@x.test", "x.test", creds, "SUBPOENA");
        otherAudience.put("audience", "https://someone-else.example");
        post(portal, bearer, otherAudience).then().statusCode(400).body("errors.field", hasItem("audience"));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Verification.count("portalId", portal.id())));
    }

    @Test
    void onlyActivePortalsMayCall() {
        Map<String, Object> body = body("a@x.test", "x.test", password("x", "123456"), "SUBPOENA");
        given().contentType(ContentType.JSON).body(body).post("/v1/verifications").then().statusCode(401);
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/verifications").then().statusCode(403).body("type", equalTo("urn:agency-verify:problem:forbidden"));
        given().header("Authorization", identities.user(Roles.OFFICER).bearer()).get("/v1/verifications/" + UUID.randomUUID())
                .then().statusCode(403);
        TestPortal portal = portal();
        String liveToken = portal.bearer();
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).post("/v1/portals/" + portal.id() + "/suspend")
                .then().statusCode(200);
        post(portal, liveToken, body).then().statusCode(403).body("type", equalTo("urn:agency-verify:problem:forbidden"));
        given().header("Authorization", liveToken).get("/v1/verifications/" + UUID.randomUUID()).then().statusCode(403);
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Verification.count("portalId", portal.id())));
    }

    @Test
    void idempotencyKeyReplaysTheAnswerAndRefusesAnotherBody() {
        TestAgency agency = agencyWithContacts();
        TestOfficer officer = activeOfficer(agency);
        TestPortal portal = portal();
        String bearer = portal.bearer();
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> body = body(officer.email(), agency.domain(), password(officer.password(), officer.nextOtp()), "SUBPOENA");
        ExtractableResponse<Response> first = given().header("Authorization", bearer).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/v1/verifications").then().statusCode(202).extract();
        // The OTP is spent: only a replay (no second Keycloak check) can answer 202 again.
        ExtractableResponse<Response> again = given().header("Authorization", bearer).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/v1/verifications").then().statusCode(202).extract();
        assertEquals(first.<String>path("id"), again.<String>path("id"));
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> Verification.count("portalId", portal.id())));

        Map<String, Object> changed = new HashMap<>(body);
        changed.put("caseReference", "OTHER");
        given().header("Authorization", bearer).header("Idempotency-Key", key).contentType(ContentType.JSON).body(changed)
                .post("/v1/verifications").then().statusCode(409).body("type", equalTo("urn:agency-verify:problem:conflict"));

        // A refusal is replayed as the same refusal, and stored once.
        String refusedKey = "key-" + UUID.randomUUID();
        Map<String, Object> refused = body("a@nowhere.test", "nowhere.test", password("x", "123456"), "SUBPOENA");
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", bearer).header("Idempotency-Key", refusedKey).contentType(ContentType.JSON)
                    .body(refused).post("/v1/verifications").then().statusCode(403).body("type", equalTo(REFUSED));
        }
        assertEquals(2L, QuarkusTransaction.requiringNew().call(() -> Verification.count("portalId", portal.id())));
    }

    /**
     * Once the known federation gap: another agency's IdP asserting this officer's email was linked to
     * the officer's user by Keycloak's first-broker-login, and got a genuine token of our realm. Now
     * Keycloak refuses the sign-in (FederatedLinkingTest has every case); the trust rule still refuses
     * a token naming another agency's IdP (TokenRulesTest).
     */
    @Test
    void anotherAgencysIdentityProviderCannotSignInAsTheOfficer() throws Exception {
        TestAgency agency = agencyWithContacts();
        TestOfficer officer = activeOfficer(agency);
        TestAgency foreign = agencies.active();
        String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        String keycloakUrl = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("agency-verify.keycloak.url", String.class);
        String issuer = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
        try (org.agencyverify.federation.AgencyIdpRealm idp = new org.agencyverify.federation.AgencyIdpRealm(keycloakUrl, alias, officer.email())) {
            operators.linkIdentityProvider(foreign.id(), idp.linkRequest(alias, "1"));
            BrowserlessLogin login = new BrowserlessLogin(issuer, TestIdentities.CLIENT);
            BrowserlessLogin.Page page = login.authorize("openid", Map.of("kc_idp_hint", alias));
            login.submit(page, "kc-form-login", Map.of("username", "officer", "password", idp.userPassword));
            assertEquals(null, login.code(), "no session");
            assertEquals(List.of(), identities.realm().users().get(OfficerFixtures.row(officer.id()).keycloakUserId).getFederatedIdentity(),
                    "nothing linked to the officer");
        }
    }

    /** A federated officer's token through the agency's own IdP: accepted for a standard purpose, not for EMERGENCY. */
    @Test
    void tokenThroughTheAgencysOwnIdentityProviderStartsAVerification() throws Exception {
        TestPortal portal = portal();
        TestAgency agency = agencyWithContacts();
        String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        String email = agency.email("fed" + UUID.randomUUID().toString().substring(0, 6));
        String keycloakUrl = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("agency-verify.keycloak.url", String.class);
        String issuer = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
        try (org.agencyverify.federation.AgencyIdpRealm idp = new org.agencyverify.federation.AgencyIdpRealm(keycloakUrl, alias, email,
                org.agencyverify.federation.AgencyIdpRealm.Upstream.acr("urn:agency:mfa", "pwd", "otp"))) {
            operators.linkIdentityProvider(agency.id(), idp.linkRequest(alias, "urn:agency:mfa"));
            String officerId = given().header("Authorization", agency.admin().bearer()).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "name", "Dana Federated", "badgeNumber", "F-" + UUID.randomUUID()))
                    .post("/v1/agencies/" + agency.id() + "/officers").then().statusCode(201).extract().path("id");
            BrowserlessLogin login = new BrowserlessLogin(issuer, TestIdentities.CLIENT);
            BrowserlessLogin.Page page = login.authorize("openid", Map.of("kc_idp_hint", alias));
            page = login.submit(page, "kc-form-login", Map.of("username", "officer", "password", idp.userPassword));
            assertTrue(login.code() != null, "back at the client with a code: " + BrowserlessLogin.inputs(page));
            String token = login.tokens().path("access_token").asText();
            given().header("Authorization", agency.admin().bearer())
                    .post("/v1/agencies/" + agency.id() + "/officers/" + officerId + "/activate").then().statusCode(200);

            var started = post(portal, portal.bearer(), body(email, agency.domain(), token(token), "COURT_ORDER")).then()
                    .statusCode(202).body("state", equalTo("PENDING_CONFIRMATION"))
                    .body("bindingMessage", containsString("Dana Federated")).extract();
            Verification row = QuarkusTransaction.requiringNew().call(() ->
                    Verification.<Verification>findById(UUID.fromString(started.path("id"))));
            assertEquals(CredentialKind.TOKEN, row.credentialKind);
            assertEquals(UUID.fromString(officerId), row.officerId);
            // The agency's MFA, but no acr the emergency tier lists: the same sign-in is not enough for an EDR.
            assertRefused(portal, body(email, agency.domain(), token(token), "EMERGENCY"), "token-authentication-too-weak");
        }
    }

    @Inject
    VerificationExpiry expiry;

    @Test
    void sweepExpiresVerificationsPastTheirDeadline() {
        TestPortal portal = portal();
        UUID due = pendingRow(portal, Instant.now().minusSeconds(5));
        UUID notYet = pendingRow(portal, Instant.now().plusSeconds(3600));
        assertTrue(expiry.expireDue() >= 1);
        assertEquals(VerificationState.EXPIRED, QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(due).state));
        assertEquals(VerificationState.PENDING_CONFIRMATION,
                QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(notYet).state));
        assertTrue(audit(due, "verification.expired").actor.startsWith("system"));
    }

    private static UUID pendingRow(TestPortal portal, Instant expiresAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Verification v = new Verification();
            v.id = UUID.randomUUID();
            v.portalId = portal.id();
            v.audience = portal.audience();
            v.requesterEmail = "a@x.test";
            v.requesterDomain = "x.test";
            v.purpose = Purpose.SUBPOENA;
            v.caseReference = "C-1";
            v.state = VerificationState.PENDING_CONFIRMATION;
            v.credentialKind = CredentialKind.PASSWORD_OTP;
            v.bindingCode = "AAAA-BBBB";
            v.bindingMessage = "test";
            v.expiresAt = expiresAt;
            v.createdAt = Instant.now();
            v.updatedAt = v.createdAt;
            v.persist();
            return v.id;
        });
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
