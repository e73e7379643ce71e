package org.agencyverify.risk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyDomain;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.confirmation.AgencySystem;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.federation.AgencyIdpRealm;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OfficerSignIn;
import org.agencyverify.support.RealmAmr;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.agencyverify.verification.VerificationState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The risk signals end to end on the real servers, with tight thresholds. Each start comes from its
 * own loopback address (the whole 127/8 is local), so "sources" and "networks" are real.
 */
@QuarkusTest
@TestProfile(RiskFlowTest.Tight.class)
class RiskFlowTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "agency-verify.risk.velocity-max", "3",
                    "agency-verify.risk.change-window", "72H",
                    "agency-verify.risk.credential-failures.officer-threshold", "2",
                    "agency-verify.risk.credential-failures.source-email-threshold", "2",
                    "agency-verify.risk.credential-failures.max-consecutive", "4");
        }
    }

    private static final String REFUSED = "urn:agency-verify:problem:verification-refused";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EnrolledAgencies agencies;
    @Inject
    AgencyFixtures agencyFixtures;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;
    @Inject
    TestIdentities identities;
    @Inject
    AgencyVerifyConfig config;
    @Inject
    OperatorChanges operators;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        RealmAmr.ensure(identities.realm());
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    /** A loopback address in a /24 of its own (127.0.0.0/24 is what the rest of the suite uses). */
    static String freshAddress() {
        return "127." + (2 + RANDOM.nextInt(250)) + "." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(250));
    }

    static RequestSpecification from(String address) {
        try {
            return given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.route.local-address", InetAddress.getByName(address))));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ValidatableResponse start(String address, TestAgency agency, TestPortal portal, String email, Map<String, ?> credentials) {
        return start(address, agency, portal, email, credentials, "SUBPOENA");
    }

    private static ValidatableResponse start(String address, TestAgency agency, TestPortal portal, String email, Map<String, ?> credentials,
            String purpose) {
        return from(address).header("Authorization", portal.bearer()).contentType(ContentType.JSON)
                .body(VerificationFixtures.body(email, agency.domain(), credentials, purpose))
                .post("/v1/verifications").then();
    }

    private final Map<UUID, String> strongTokens = new java.util.concurrent.ConcurrentHashMap<>();

    /** A start with the officer's own password + OTP sign-in token (reusable, unlike an OTP code). */
    private UUID started(String address, TestAgency agency, TestPortal portal, TestOfficer officer) {
        return UUID.fromString(start(address, agency, portal, officer.email(), VerificationFixtures.token(strongToken(officer)))
                .statusCode(202).extract().path("id"));
    }

    private String strongToken(TestOfficer officer) {
        return strongTokens.computeIfAbsent(officer.id(), id -> {
            BrowserlessLogin login = new BrowserlessLogin(config.keycloak().issuer(), TestIdentities.CLIENT);
            OfficerSignIn.passwordAndOtp(login, login.authorize("openid", Map.of()), officer.email(), officer.password(),
                    officer.nextOtp());
            assertNotNull(login.code(), "the officer signed in");
            return login.tokens().path("access_token").asText();
        });
    }

    private static List<String> findings(TestPortal portal, UUID id) {
        return given().header("Authorization", portal.bearer()).get("/v1/verifications/" + id).then().statusCode(200)
                .extract().jsonPath().getList("riskFindings", String.class);
    }

    private static Verification verification(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(id));
    }

    private static List<Confirmation> confirmations(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Confirmation.<Confirmation>list("verificationId", id));
    }

    private static Officer officer(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Officer.<Officer>findById(id));
    }

    private static void markApproved(UUID id) {
        QuarkusTransaction.requiringNew().run(() -> Verification.update("state = ?1 where id = ?2", VerificationState.APPROVED, id));
    }

    private String lastRiskDecision(UUID id) {
        return agencyFixtures.audit(id.toString(), "verification.risk-assessed").get(0).details;
    }

    /** An agency with a STANDARD email contact and one SUPERVISOR webhook contact the test answers for. */
    private record Setup(TestAgency agency, WebhookAgencies.Contact supervisor, TestPortal portal, TestOfficer officer) {}

    private Setup setup() {
        TestAgency agency = agencies.active();
        agencyFixtures.addActiveContact(agency.id(), AgencyContact.Level.STANDARD);
        WebhookAgencies.Contact supervisor = webhookAgencies.hmacContact(agency, receiver);
        return new Setup(agency, supervisor, fixtures.portal(), fixtures.activeOfficer(agency));
    }

    @Test
    void aNetworkNeverSeenInTheOfficersApprovedHistoryAsksSupervisorsOnly() {
        Setup s = setup();
        String home = freshAddress();
        UUID first = started(home, s.agency(), s.portal(), s.officer());
        assertEquals(List.of(), findings(s.portal(), first), "no history yet: no network is new");
        assertEquals(2, confirmations(first).size(), "ALLOW: every ACTIVE contact is asked");
        markApproved(first);

        UUID again = started(home, s.agency(), s.portal(), s.officer());
        assertEquals(List.of(), findings(s.portal(), again), "the approved network is known");

        UUID elsewhere = started(freshAddress(), s.agency(), s.portal(), s.officer());
        assertEquals(List.of("new-network"), findings(s.portal(), elsewhere));
        assertEquals("MORE_CONFIRMATION", verification(elsewhere).riskDecision.name());
        List<Confirmation> asked = confirmations(elsewhere);
        assertEquals(List.of(s.supervisor().id()), asked.stream().map(c -> c.contactId).toList(), "supervisors only");
        assertTrue(lastRiskDecision(elsewhere).contains("\"network\""), "the evidence is in the audit log");
    }

    @Test
    void moreConfirmationNeedsTwoApproversWhereTheAgencyHasTwoSupervisors() {
        Setup s = setup();
        WebhookAgencies.Contact second = webhookAgencies.hmacContact(s.agency(), receiver);
        UUID first = started(freshAddress(), s.agency(), s.portal(), s.officer());
        assertEquals(1, verification(first).approvalsNeeded);
        markApproved(first);
        UUID risky = started(freshAddress(), s.agency(), s.portal(), s.officer());
        assertEquals(2, verification(risky).approvalsNeeded);
        assertEquals(2, confirmations(risky).size());

        WebhookAgencies.approve(s.supervisor(), awaitRequestFor(s.supervisor(), risky));
        assertEquals(VerificationState.PENDING_CONFIRMATION, verification(risky).state, "one approval is not enough");
        WebhookAgencies.approve(second, awaitRequestFor(second, risky));
        assertEquals(VerificationState.APPROVED, verification(risky).state);
    }

    private WebhookAgencies.Request awaitRequestFor(WebhookAgencies.Contact contact, UUID verificationId) {
        Eventually.within(Duration.ofSeconds(20), () -> assertTrue(receiver.received(contact.path())
                .stream().anyMatch(r -> r.body().contains(verificationId.toString()))));
        var received = receiver.received(contact.path()).stream().filter(r -> r.body().contains(verificationId.toString())).findFirst()
                .orElseThrow();
        return new WebhookAgencies.Request(received.headers().get("webhook-id"), received.headers().get("webhook-timestamp"),
                received.headers().get("webhook-signature"), received.body(),
                AgencySystem.json(received.body()).get("data"));
    }

    @Test
    void anIdentityProviderLinkedWithinTheChangeWindowAsksTwoSupervisors() {
        Setup s = setup();
        WebhookAgencies.Contact second = webhookAgencies.hmacContact(s.agency(), receiver);
        String address = freshAddress();
        UUID before = started(address, s.agency(), s.portal(), s.officer());
        assertEquals(List.of(), findings(s.portal(), before));
        assertEquals(3, confirmations(before).size(), "ALLOW: every ACTIVE contact is asked");
        assertEquals(1, verification(before).approvalsNeeded);

        String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        try (AgencyIdpRealm idp = new AgencyIdpRealm(config.keycloak().url(), alias, s.agency().email("fed-" + alias))) {
            operators.linkIdentityProvider(s.agency().id(),
                    Map.of("alias", alias, "issuer", idp.issuer(), "clientId", idp.clientId, "clientSecret", idp.clientSecret));

            UUID after = started(address, s.agency(), s.portal(), s.officer());
            assertEquals(List.of("recent-idp-change"), findings(s.portal(), after));
            assertEquals("MORE_CONFIRMATION", verification(after).riskDecision.name());
            assertEquals(2, verification(after).approvalsNeeded, "two supervisors: two approvals");
            List<Confirmation> asked = confirmations(after);
            assertEquals(java.util.Set.of(s.supervisor().id(), second.id()),
                    asked.stream().map(c -> c.contactId).collect(java.util.stream.Collectors.toSet()), "supervisors only");
            assertTrue(lastRiskDecision(after).contains(alias), "the evidence names the IdP");

            WebhookAgencies.approve(s.supervisor(), awaitRequestFor(s.supervisor(), after));
            assertEquals(VerificationState.PENDING_CONFIRMATION, verification(after).state, "one approval is not enough");
            WebhookAgencies.approve(second, awaitRequestFor(second, after));
            assertEquals(VerificationState.APPROVED, verification(after).state);
        }
    }

    @Test
    void velocityIsFoundOnceTheOfficerStartedTheMaximumInTheWindow() {
        Setup s = setup();
        String address = freshAddress();
        for (int i = 0; i < 3; i++) {
            UUID id = started(address, s.agency(), s.portal(), s.officer());
            assertEquals(List.of(), findings(s.portal(), id), "start " + (i + 1) + " of 3 is within the limit");
        }
        UUID fourth = started(address, s.agency(), s.portal(), s.officer());
        assertEquals(List.of("officer-velocity"), findings(s.portal(), fourth));
        assertEquals(List.of(s.supervisor().id()), confirmations(fourth).stream().map(c -> c.contactId).toList());
    }

    @Test
    void aPendingContactChangeIsFound() {
        Setup s = setup();
        String address = freshAddress();
        assertEquals(List.of(), findings(s.portal(), started(address, s.agency(), s.portal(), s.officer())));
        given().header("Authorization", s.agency().admin().bearer()).contentType(ContentType.JSON)
                .body(Map.of("action", "REMOVE", "contactId", s.supervisor().id().toString()))
                .post("/v1/agencies/" + s.agency().id() + "/contacts/proposals").then().statusCode(202);
        UUID after = started(address, s.agency(), s.portal(), s.officer());
        assertEquals(List.of("recent-contact-change"), findings(s.portal(), after));
    }

    @Test
    void aSiblingDomainThatLostItsProofIsFound() {
        Setup s = setup();
        String address = freshAddress();
        assertEquals(List.of(), findings(s.portal(), started(address, s.agency(), s.portal(), s.officer())));
        QuarkusTransaction.requiringNew().run(() -> {
            AgencyDomain lost = new AgencyDomain();
            lost.id = UUID.randomUUID();
            lost.agencyId = s.agency().id();
            lost.domain = "lost-" + lost.id.toString().substring(0, 8) + ".test";
            lost.provedAt = Instant.now().minusSeconds(3600);
            lost.proofLostAt = Instant.now();
            lost.createdAt = lost.provedAt;
            lost.persist();
        });
        UUID after = started(address, s.agency(), s.portal(), s.officer());
        assertEquals(List.of("domain-proof-lost"), findings(s.portal(), after));
    }

    @Test
    void failingAnOfficersPasswordFromOneSourceBlocksThatSourceButNotTheOfficer() {
        Setup s = setup();
        String attacker = freshAddress();
        String officerEmail = s.officer().email();
        for (int i = 0; i < 2; i++) {
            start(attacker, s.agency(), s.portal(), officerEmail, VerificationFixtures.password("wrong-password", "123456"))
                    .statusCode(403).body("type", equalTo(REFUSED));
        }
        // The source is now blocked for this email: even the right credentials get the same refusal,
        // and Keycloak is never asked.
        String otp = s.officer().nextOtp();
        start(attacker, s.agency(), s.portal(), officerEmail, VerificationFixtures.password(s.officer().password(), otp))
                .statusCode(403).body("type", equalTo(REFUSED));
        // An email nobody has, blocked the same way from the same source: the block says nothing about who exists.
        String nobody = s.agency().email("nobody-" + UUID.randomUUID().toString().substring(0, 6));
        for (int i = 0; i < 3; i++) {
            start(attacker, s.agency(), s.portal(), nobody, VerificationFixtures.password("wrong-password", "123456"))
                    .statusCode(403).body("type", equalTo(REFUSED));
        }

        // The officer, from their own network, with password and OTP: a stranger's wrong passwords count
        // against the stranger's source only, never against the officer.
        UUID own = UUID.fromString(start(freshAddress(), s.agency(), s.portal(), officerEmail,
                VerificationFixtures.password(s.officer().password(), otp)).statusCode(202).extract().path("id"));
        assertEquals(VerificationState.PENDING_CONFIRMATION, verification(own).state);
        assertEquals(List.of(), findings(s.portal(), own), "strangers' wrong passwords change nothing for the officer");
        assertEquals(OfficerStatus.ACTIVE, officer(s.officer().id()).status);
        assertEquals(0, officer(s.officer().id()).consecutiveCredentialFailures);
    }

    @Test
    void theRightPasswordWithWrongCodesAsksForMoreConfirmation() {
        Setup s = setup();
        String officerEmail = s.officer().email();
        String otp = s.officer().nextOtp();
        String wrong = otp.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 2; i++) {
            // Someone who holds the password: only the code was wrong (Keycloak's check says which factor failed).
            start(freshAddress(), s.agency(), s.portal(), officerEmail, VerificationFixtures.password(s.officer().password(), wrong))
                    .statusCode(403).body("type", equalTo(REFUSED));
        }
        assertEquals(2, officer(s.officer().id()).consecutiveCredentialFailures);
        UUID own = UUID.fromString(start(freshAddress(), s.agency(), s.portal(), officerEmail,
                VerificationFixtures.password(s.officer().password(), otp)).statusCode(202).extract().path("id"));
        assertEquals(List.of("credential-failures"), findings(s.portal(), own), "the failures ask for more, they do not lock out");
        assertEquals(List.of(s.supervisor().id()), confirmations(own).stream().map(c -> c.contactId).toList(), "supervisors only");
        assertEquals(0, officer(s.officer().id()).consecutiveCredentialFailures, "a passed check resets the run");
    }

    @Test
    void aPortalNamesItsRequestersAddressAndOnlyThatRequesterIsBlocked() {
        Setup s = setup();
        String portalServer = freshAddress();
        String officerEmail = s.officer().email();
        // Everything comes through one portal server; the portal says who its requester was.
        for (int i = 0; i < 2; i++) {
            startAs(portalServer, "203.0.113.7", s, officerEmail, VerificationFixtures.password("wrong-password", "123456"))
                    .statusCode(403).body("type", equalTo(REFUSED));
        }
        String otp = s.officer().nextOtp();
        startAs(portalServer, "203.0.113.7", s, officerEmail, VerificationFixtures.password(s.officer().password(), otp))
                .statusCode(403).body("type", equalTo(REFUSED));
        // The officer, through the same portal server, from their own address: not blocked.
        UUID own = UUID.fromString(startAs(portalServer, "198.51.100.9", s, officerEmail,
                VerificationFixtures.password(s.officer().password(), otp)).statusCode(202).extract().path("id"));
        assertEquals("198.51.100.0/24", verification(own).sourceNetwork, "the network is the requester's, not the portal's");
        startAs(portalServer, "not-an-address", s, officerEmail, VerificationFixtures.password("x", "123456"))
                .statusCode(400).body("errors[0].field", equalTo("requesterAddress"));
    }

    private static ValidatableResponse startAs(String portalServer, String requester, Setup s, String email, Map<String, ?> credentials) {
        Map<String, Object> body = VerificationFixtures.body(email, s.agency().domain(), credentials, "SUBPOENA");
        body.put("requesterAddress", requester);
        return from(portalServer).header("Authorization", s.portal().bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/verifications").then();
    }

    @Test
    void theMaximumOfConsecutiveFailuresSuspendsTheOfficerAndTellsTheAgency() {
        Setup s = setup();
        String token = strongToken(s.officer());
        for (int i = 0; i < 5; i++) {
            start(freshAddress(), s.agency(), s.portal(), s.officer().email(), VerificationFixtures.token("not-a-token-" + i))
                    .statusCode(403).body("type", equalTo(REFUSED));
        }
        assertEquals(0, officer(s.officer().id()).consecutiveCredentialFailures, "junk tokens are anyone's: they count for no officer");
        // The officer's own genuine token, too weak for an emergency (TOTP is not phishing-resistant):
        // only the officer's sign-in, or a theft of it, makes one, so these count.
        for (int i = 0; i < 3; i++) {
            start(freshAddress(), s.agency(), s.portal(), s.officer().email(), VerificationFixtures.token(token), "EMERGENCY")
                    .statusCode(403).body("type", equalTo(REFUSED));
        }
        assertEquals(OfficerStatus.ACTIVE, officer(s.officer().id()).status, "3 of 4: still active");
        assertEquals(3, officer(s.officer().id()).consecutiveCredentialFailures);
        start(freshAddress(), s.agency(), s.portal(), s.officer().email(), VerificationFixtures.token(token), "EMERGENCY")
                .statusCode(403).body("type", equalTo(REFUSED));
        Officer suspended = officer(s.officer().id());
        assertEquals(OfficerStatus.SUSPENDED, suspended.status);
        assertEquals("credential-failures", suspended.statusReason);
        long notices = QuarkusTransaction.requiringNew().call(() -> RiskNotice.count("officerId = ?1 and event = ?2",
                s.officer().id(), RiskNotice.SUSPENDED));
        assertEquals(2, notices, "one notice per ACTIVE contact of the agency");
        Eventually.within(Duration.ofSeconds(20), () -> assertTrue(receiver.received(s.supervisor().path())
                .stream().anyMatch(r -> r.body().contains("\"officer.suspended\""))));
        // Suspended: even the right credentials are refused now.
        start(freshAddress(), s.agency(), s.portal(), s.officer().email(), VerificationFixtures.token(token))
                .statusCode(403).body("type", equalTo(REFUSED));
    }

    /** A verification of the officer approved by the webhook contact and collected: TOKEN_ISSUED. */
    private String issued(Setup s, String address, UUID[] id) {
        id[0] = started(address, s.agency(), s.portal(), s.officer());
        WebhookAgencies.approve(s.supervisor(), awaitRequestFor(s.supervisor(), id[0]));
        return given().header("Authorization", s.portal().bearer()).get("/v1/verifications/" + id[0]).then().statusCode(200)
                .body("state", equalTo("TOKEN_ISSUED")).extract().path("trustToken");
    }

    private static boolean active(TestPortal portal, String token) {
        return given().header("Authorization", portal.bearer()).formParam("token", token).post("/v1/tokens/introspect").then()
                .statusCode(200).extract().jsonPath().getBoolean("active");
    }

    @Test
    void aCompromiseReportRevokesTheOfficerAndTheirTokensAndStandsAgainstTheAgency() {
        Setup s = setup();
        String address = freshAddress();
        UUID[] issuedId = new UUID[1];
        String token = issued(s, address, issuedId);
        assertTrue(active(s.portal(), token));
        UUID open = started(address, s.agency(), s.portal(), s.officer());
        TestOfficer colleague = fixtures.activeOfficer(s.agency());
        assertEquals(List.of(), findings(s.portal(), started(address, s.agency(), s.portal(), colleague)));

        given().header("Authorization", s.agency().admin().bearer()).contentType(ContentType.JSON)
                .body(Map.of("reason", "info-stealer found on the officer's laptop"))
                .post("/v1/agencies/" + s.agency().id() + "/officers/" + s.officer().id() + "/compromise-reports").then()
                .statusCode(201).body("officerStatus", equalTo("REVOKED")).body("closedVerifications", equalTo(1));

        assertEquals(OfficerStatus.REVOKED, officer(s.officer().id()).status);
        assertEquals("compromise-report", officer(s.officer().id()).statusReason);
        assertFalse(active(s.portal(), token), "the live token is revoked");
        assertEquals(VerificationState.DENIED, verification(open).state, "the open verification is closed");
        assertTrue(confirmations(open).stream().allMatch(c -> c.status == Confirmation.Status.CANCELLED
                || c.status == Confirmation.Status.ANSWERED));
        Eventually.within(Duration.ofSeconds(20), () -> assertTrue(receiver.received(s.supervisor().path())
                .stream().anyMatch(r -> r.body().contains("\"officer.revoked\""))));

        start(address, s.agency(), s.portal(), s.officer().email(), VerificationFixtures.token(strongToken(s.officer())))
                .statusCode(403).body("type", equalTo(REFUSED));
        UUID next = started(address, s.agency(), s.portal(), colleague);
        assertEquals(List.of("agency-compromise-report"), findings(s.portal(), next));
        assertEquals("MORE_CONFIRMATION", verification(next).riskDecision.name());
    }

    @Test
    void anotherAgencysAdminCannotReportAndAnUnknownOfficerIsNotFound() {
        Setup s = setup();
        TestAgency other = agencies.active();
        given().header("Authorization", other.admin().bearer()).contentType(ContentType.JSON).body(Map.of())
                .post("/v1/agencies/" + s.agency().id() + "/officers/" + s.officer().id() + "/compromise-reports").then().statusCode(403);
        given().header("Authorization", s.agency().admin().bearer()).contentType(ContentType.JSON).body(Map.of())
                .post("/v1/agencies/" + s.agency().id() + "/officers/" + UUID.randomUUID() + "/compromise-reports").then().statusCode(404);
        assertEquals(OfficerStatus.ACTIVE, officer(s.officer().id()).status);
    }

    @Test
    void aContactsSignedReportRevokesTheOfficerAndABadSignatureChangesNothing() {
        Setup s = setup();
        String body = "{\"officerId\":\"" + s.officer().id() + "\",\"reason\":\"seen in a breach dump\"}";
        String path = "/v1/contacts/" + s.supervisor().id() + "/compromise-reports";
        WebhookAgencies.Contact stranger = webhookAgencies.hmacContact(agencies.active(), receiver);
        AgencySystem.signed(stranger.credential(), body).post(path).then().statusCode(401)
                .body("type", equalTo("urn:agency-verify:problem:report-signature-invalid"));
        assertEquals(OfficerStatus.ACTIVE, officer(s.officer().id()).status);

        AgencySystem.signed(s.supervisor().credential(), body).post(path).then().statusCode(201)
                .body("officerStatus", equalTo("REVOKED"));
        assertEquals(OfficerStatus.REVOKED, officer(s.officer().id()).status);
    }

    @Test
    void aPortalsRefusalStandsAgainstTheOfficerAndReputationShowsCountsToPortalsThatHadAToken() {
        Setup s = setup();
        String address = freshAddress();
        UUID[] id = new UUID[1];
        issued(s, address, id);
        TestPortal other = fixtures.portal();
        given().header("Authorization", other.bearer()).contentType(ContentType.JSON).body(Map.of("outcome", "REFUSED"))
                .post("/v1/verifications/" + id[0] + "/outcome").then().statusCode(404);
        given().header("Authorization", s.portal().bearer()).contentType(ContentType.JSON)
                .body(Map.of("outcome", "REFUSED", "reason", "the subpoena's court does not exist"))
                .post("/v1/verifications/" + id[0] + "/outcome").then().statusCode(200).body("outcome", equalTo("REFUSED"));
        given().header("Authorization", s.portal().bearer()).contentType(ContentType.JSON).body(Map.of("outcome", "ACCEPTED"))
                .post("/v1/verifications/" + id[0] + "/outcome").then().statusCode(409);

        UUID next = started(address, s.agency(), s.portal(), s.officer());
        assertEquals(List.of("portal-refused-earlier"), findings(s.portal(), next));

        given().header("Authorization", s.portal().bearer()).get("/v1/officers/" + s.officer().id() + "/reputation").then()
                .statusCode(200).body("approved", equalTo(1)).body("refusedByPortals", equalTo(1))
                .body("findings.'portal-refused-earlier'", equalTo(1))
                .body(not(containsString(s.portal().name()))).body(not(containsString("caseReference")));
        String unknown = given().header("Authorization", other.bearer()).get("/v1/officers/" + UUID.randomUUID() + "/reputation").then()
                .statusCode(404).extract().asString();
        String neverHadToken = given().header("Authorization", other.bearer()).get("/v1/officers/" + s.officer().id() + "/reputation")
                .then().statusCode(404).extract().asString();
        assertEquals(unknown.replaceAll("\"(instance|requestId)\":\"[^\"]*\"", ""),
                neverHadToken.replaceAll("\"(instance|requestId)\":\"[^\"]*\"", ""), "the same 404 for both");
        assertNotNull(verification(next).riskDecision);
    }
}
