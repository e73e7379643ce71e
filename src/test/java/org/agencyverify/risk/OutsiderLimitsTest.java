package org.agencyverify.risk;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OfficerTokens;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.RealmAmr;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.agencyverify.verification.VerificationState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failure counts strangers can drive, at their edges: N answered after a real check, N+1 refused
 * without asking Keycloak, and each kept per portal and requester, so nobody else is held back. The
 * reason of each refusal is read from the audit log (the requester always gets the same 403).
 */
@QuarkusTest
@TestProfile(OutsiderLimitsTest.Tight.class)
class OutsiderLimitsTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "agency-verify.risk.credential-failures.source-threshold", "4",
                    "agency-verify.risk.credential-failures.source-email-threshold", "2",
                    "agency-verify.risk.credential-failures.portal-email-threshold", "3",
                    "agency-verify.verification.refusal-floor", "10MS");
        }
    }

    @Inject
    VerificationFixtures fixtures;
    @Inject
    AgencyFixtures agencyFixtures;
    @Inject
    TestIdentities identities;
    @Inject
    AgencyVerifyConfig config;

    private final OneTimeCodes codes = new OneTimeCodes();

    @BeforeEach
    void amr() {
        RealmAmr.ensure(identities.realm());
    }

    /**
     * A portal gets 3 failed password checks per officer per window, however many requesters it names;
     * the 4th is refused without Keycloak (so the officer's code is not even spent). Tokens, other
     * portals and a requester at which the officer passed before are not held back.
     */
    @Test
    void aPortalsPasswordChecksPerOfficerAreBounded() {
        TestAgency agency = fixtures.agencyWithContacts();
        TestOfficer officer = officer(agency);
        TestPortal portal = fixtures.portal();
        String office = RiskFlowTest.freshAddress();
        start(portal, office, agency, officer.email(), password(officer)).then().statusCode(202);

        for (int i = 0; i < 3; i++) {
            start(portal, RiskFlowTest.freshAddress(), agency, officer.email(), VerificationFixtures.password("guess-" + i, "123456"))
                    .then().statusCode(403);
            assertEquals("keycloak-invalid-credentials", lastRejection(portal), "check " + (i + 1) + " of 3 is made");
        }
        String code = codes.next(officer.totpSecret());
        start(portal, RiskFlowTest.freshAddress(), agency, officer.email(), VerificationFixtures.password(officer.password(), code))
                .then().statusCode(403);
        assertEquals("portal-password-checks-spent", lastRejection(portal), "the 4th is not checked, right password or not");

        // Keycloak never saw that code: it still works, through another portal.
        start(fixtures.portal(), RiskFlowTest.freshAddress(), agency, officer.email(),
                VerificationFixtures.password(officer.password(), code)).then().statusCode(202);
        // At this portal: the officer's own office, where their credentials passed before ...
        start(portal, office, agency, officer.email(), password(officer)).then().statusCode(202);
        // ... and the officer's token from anywhere: a token cannot be guessed.
        start(portal, RiskFlowTest.freshAddress(), agency, officer.email(),
                VerificationFixtures.token(OfficerTokens.signIn(config.keycloak().issuer(), officer.email(), officer.password(),
                        codes.next(officer.totpSecret())))).then().statusCode(202);
        // Another officer at the same portal is not held back.
        TestOfficer colleague = officer(agency);
        start(portal, RiskFlowTest.freshAddress(), agency, colleague.email(), password(colleague)).then().statusCode(202);
    }

    /** 2 refused starts for one email from one requester at one portal block that requester for that email there, only. */
    @Test
    void aRequesterBlockedForAnEmailAtOnePortalIsNotBlockedElsewhere() {
        TestAgency agency = fixtures.agencyWithContacts();
        TestOfficer officer = officer(agency);
        String token = OfficerTokens.strong(config, officer);
        TestPortal portal = fixtures.portal();
        String requester = RiskFlowTest.freshAddress();
        for (int i = 0; i < 2; i++) {
            start(portal, requester, agency, officer.email(), VerificationFixtures.token("junk-" + i)).then().statusCode(403);
            assertEquals("token-invalid", lastRejection(portal));
        }
        start(portal, requester, agency, officer.email(), VerificationFixtures.token(token)).then().statusCode(403);
        assertEquals("source-blocked", lastRejection(portal), "the 3rd, even with the officer's own token");

        start(portal, RiskFlowTest.freshAddress(), agency, officer.email(), VerificationFixtures.token(token)).then().statusCode(202);
        start(fixtures.portal(), requester, agency, officer.email(), VerificationFixtures.token(token)).then().statusCode(202);
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> org.agencyverify.officer.Officer
                .<org.agencyverify.officer.Officer>findById(officer.id()).consecutiveCredentialFailures), "junk counts for no officer");
    }

    /** 4 refused starts from one requester at one portal, for any emails, block it there for every email, and only there. */
    @Test
    void aRequesterBlockedAtOnePortalIsNotBlockedAtAnother() {
        TestAgency agency = fixtures.agencyWithContacts();
        TestOfficer officer = officer(agency);
        String token = OfficerTokens.strong(config, officer);
        TestPortal portal = fixtures.portal();
        String requester = RiskFlowTest.freshAddress();
        for (int i = 0; i < 4; i++) {
            start(portal, requester, agency, agency.email("nobody-" + i + "-" + UUID.randomUUID().toString().substring(0, 6)),
                    VerificationFixtures.password("guess", "123456")).then().statusCode(403);
            assertEquals("officer-unknown", lastRejection(portal));
        }
        start(portal, requester, agency, officer.email(), VerificationFixtures.token(token)).then().statusCode(403);
        assertEquals("source-blocked", lastRejection(portal), "the 5th, for any email");

        start(fixtures.portal(), requester, agency, officer.email(), VerificationFixtures.token(token)).then().statusCode(202);
        start(portal, RiskFlowTest.freshAddress(), agency, officer.email(), VerificationFixtures.token(token)).then().statusCode(202);
    }

    private TestOfficer officer(TestAgency agency) {
        TestOfficer officer = fixtures.activeOfficer(agency);
        codes.setUp(officer.totpSecret());
        return officer;
    }

    private Map<String, String> password(TestOfficer officer) {
        return VerificationFixtures.password(officer.password(), codes.next(officer.totpSecret()));
    }

    /** The portal names the requester's address; the connection is the test's own. */
    private static Response start(TestPortal portal, String requester, TestAgency agency, String email, Map<String, ?> credentials) {
        Map<String, Object> body = VerificationFixtures.body(email, agency.domain(), credentials, "SUBPOENA");
        body.put("requesterAddress", requester);
        return given().header("Authorization", portal.bearer()).contentType(ContentType.JSON).body(body).post("/v1/verifications");
    }

    /** The audited reason of the portal's latest refused start. */
    private String lastRejection(TestPortal portal) {
        Verification latest = QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>find(
                "portalId = ?1 and state = ?2 order by createdAt desc", portal.id(), VerificationState.REJECTED).firstResult());
        String details = agencyFixtures.audit(latest.id.toString(), "verification.rejected").get(0).details;
        java.util.regex.Matcher reason = java.util.regex.Pattern.compile("\"reason\"\\s*:\\s*\"([^\"]+)\"").matcher(details);
        assertTrue(reason.find(), details);
        return reason.group(1);
    }
}
