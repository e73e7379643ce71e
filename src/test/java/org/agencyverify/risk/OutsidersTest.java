package org.agencyverify.risk;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OfficerTokens;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.RealmAmr;
import org.agencyverify.support.TestIdentities;
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
 * Issue 10, finding 4: strangers' failed starts never change how an honest officer is verified. A
 * thousand failed starts for one officer (wrong passwords, junk tokens, another user's genuine
 * token), from many requesters through several portals, with the production limits and thresholds;
 * then the officer verifies at once with the standard contact policy, Keycloak has not locked them
 * out, and a colleague of the same agency verifies at once too.
 */
@QuarkusTest
@TestProfile(OutsidersTest.ProductionLimits.class)
class OutsidersTest {

    /** The production values of every limit and threshold the %test profile puts out of reach. */
    public static class ProductionLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>();
            String limits = "agency-verify.rate-limits.verification-start.";
            overrides.put(limits + "per-ip", "120/1M");
            overrides.put(limits + "per-portal", "300/1M");
            overrides.put(limits + "per-requester", "60/1M");
            overrides.put(limits + "per-requester-email", "10/15M");
            overrides.put(limits + "per-officer", "20/1H");
            overrides.put(limits + "per-agency", "500/1H");
            String risk = "agency-verify.risk.";
            overrides.put(risk + "velocity-max", "10");
            overrides.put(risk + "emergency-portals", "3");
            overrides.put(risk + "change-window", "72H");
            overrides.put(risk + "credential-failures.officer-threshold", "5");
            overrides.put(risk + "credential-failures.source-threshold", "20");
            overrides.put(risk + "credential-failures.source-email-threshold", "3");
            overrides.put(risk + "credential-failures.portal-email-threshold", "10");
            overrides.put(risk + "credential-failures.max-consecutive", "100");
            // Refusals are padded to this floor (1 s in production); a thousand of them here.
            overrides.put("agency-verify.verification.refusal-floor", "10MS");
            return overrides;
        }
    }

    private static final int ATTACKS = 1000;
    private static final int PORTALS = 4;
    private static final int SERVERS_PER_PORTAL = 3;

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

    private WebhookReceiver receiver;
    private final OneTimeCodes codes = new OneTimeCodes();

    @BeforeEach
    void receiver() {
        RealmAmr.ensure(identities.realm());
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void aThousandFailedStartsByStrangersLeaveTheOfficerAndTheAgencyAsTheyWere() throws Exception {
        TestAgency agency = agencies.active();
        agencyFixtures.addActiveContact(agency.id(), AgencyContact.Level.STANDARD);
        WebhookAgencies.Contact supervisor = webhookAgencies.hmacContact(agency, receiver);
        TestOfficer officer = officer(agency);
        TestOfficer colleague = officer(agency);
        List<TestPortal> portals = new ArrayList<>();
        for (int i = 0; i < PORTALS; i++) {
            portals.add(fixtures.portal());
        }
        String home = "198.51.100." + (2 + ThreadLocalRandom.current().nextInt(250));
        String officerUserId = QuarkusTransaction.requiringNew().call(() -> Officer.<Officer>findById(officer.id()).keycloakUserId);

        // The officer has verified through the first portal before, from their office.
        start(portals.get(0), RiskFlowTest.freshAddress(), home, agency, officer.email(),
                VerificationFixtures.password(officer.password(), otp(officer))).then().statusCode(202);

        String strangersToken = identities.user().token();
        Map<Integer, Integer> statuses = attack(agency, officer, portals, strangersToken);
        assertEquals(Set.of(), statuses.keySet().stream().filter(s -> s != 403 && s != 429).collect(java.util.stream.Collectors.toSet()),
                "strangers get refusals or 429s, nothing else: " + statuses);
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> Verification.count("officerId = ?1 and state <> ?2",
                officer.id(), VerificationState.REJECTED)), "the attack started nothing for the officer");
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> RiskNotice.count("officerId", officer.id())),
                "the agency was told nothing about the officer");

        // Read before the officer signs in again (a sign-in clears Keycloak's count).
        Map<String, Object> lockout = identities.realm().attackDetection().bruteForceUserStatus(officerUserId);
        Officer row = QuarkusTransaction.requiringNew().call(() -> Officer.<Officer>findById(officer.id()));

        // At once: the officer from the office through the first portal with password and code ...
        Response own = start(portals.get(0), RiskFlowTest.freshAddress(), home, agency, officer.email(),
                VerificationFixtures.password(officer.password(), otp(officer)));
        // ... with their own sign-in token through another portal, from wherever they are ...
        String token = signIn(officer);
        Response withToken = token == null ? null : start(portals.get(2), RiskFlowTest.freshAddress(), RiskFlowTest.freshAddress(),
                agency, officer.email(), VerificationFixtures.token(token));
        // ... and a colleague of the same agency through the first portal.
        Response colleagues = start(portals.get(0), RiskFlowTest.freshAddress(), RiskFlowTest.freshAddress(), agency,
                colleague.email(), VerificationFixtures.password(colleague.password(), otp(colleague)));
        assertAll("the officer and the agency are as before the attack",
                () -> assertEquals(Boolean.FALSE, lockout.get("disabled"), "Keycloak's brute-force lockout: " + lockout),
                () -> assertEquals(0, ((Number) lockout.get("numFailures")).intValue(), "Keycloak counted strangers' failures: " + lockout),
                () -> assertEquals(OfficerStatus.ACTIVE, row.status),
                () -> assertEquals(0, row.consecutiveCredentialFailures, "strangers' failures counted against the officer"),
                () -> assertStandard(own, Set.of(supervisor.id()), "officer, password"),
                () -> assertNotNull(token, "the officer signs in at Keycloak's own pages"),
                () -> assertStandard(withToken, Set.of(supervisor.id()), "officer, token"),
                () -> assertStandard(colleagues, Set.of(supervisor.id()), "colleague"));
    }

    /** A thousand starts for the officer, spread over the portals, each portal on a few servers of its own. */
    private Map<Integer, Integer> attack(TestAgency agency, TestOfficer officer, List<TestPortal> portals, String strangersToken)
            throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(PORTALS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (TestPortal portal : portals) {
                String bearer = portal.bearer();
                List<String> servers = new ArrayList<>();
                for (int i = 0; i < SERVERS_PER_PORTAL; i++) {
                    servers.add(RiskFlowTest.freshAddress());
                }
                done.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < ATTACKS / PORTALS; i++) {
                        // Some requesters come back, most are new; some portals name none.
                        String requester = i % 5 == 4 ? null : "100.64." + random.nextInt(4) + "." + random.nextInt(1, 60);
                        Response response = start(bearer, servers.get(i % SERVERS_PER_PORTAL), requester, agency,
                                officer.email(), strangersCredentials(i, strangersToken));
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return statuses;
    }

    private static Map<String, String> strangersCredentials(int i, String strangersToken) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return switch (i % 4) {
            case 0, 1 -> VerificationFixtures.password("guess-" + random.nextInt(1_000_000),
                    String.format("%06d", random.nextInt(1_000_000)));
            case 2 -> VerificationFixtures.token(i % 8 == 2 ? strangersToken : forgedToken(random));
            default -> VerificationFixtures.token("junk-" + random.nextLong());
        };
    }

    /** A JWT-shaped token no one signed (alg none). */
    private static String forgedToken(ThreadLocalRandom random) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "."
                + b64.encodeToString(("{\"sub\":\"" + UUID.randomUUID() + "\",\"n\":" + random.nextInt() + "}").getBytes()) + ".";
    }

    private static Response start(TestPortal portal, String server, String requester, TestAgency agency, String email,
            Map<String, ?> credentials) {
        return start(portal.bearer(), server, requester, agency, email, credentials);
    }

    private static Response start(String bearer, String server, String requester, TestAgency agency, String email,
            Map<String, ?> credentials) {
        Map<String, Object> body = VerificationFixtures.body(email, agency.domain(), credentials, "SUBPOENA");
        if (requester != null) {
            body.put("requesterAddress", requester);
        }
        return RiskFlowTest.from(server).header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .post("/v1/verifications");
    }

    private void assertStandard(Response response, Set<UUID> supervisors, String who) {
        assertNotNull(response, who + ": not started");
        assertEquals(202, response.statusCode(), who + ": " + response.asString());
        UUID id = UUID.fromString(response.path("id"));
        Verification v = QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(id));
        List<Confirmation> asked = QuarkusTransaction.requiringNew().call(() -> Confirmation.<Confirmation>list("verificationId", id));
        assertEquals(List.of(), response.path("riskFindings"), who + ": no finding");
        assertEquals("ALLOW", v.riskDecision.name(), who);
        assertEquals(1, v.approvalsNeeded, who);
        assertEquals(2, asked.size(), who + ": every ACTIVE contact is asked, not the supervisors only");
        assertTrue(asked.stream().map(c -> c.contactId).anyMatch(supervisors::contains), who);
    }

    private TestOfficer officer(TestAgency agency) {
        TestOfficer officer = fixtures.activeOfficer(agency);
        codes.setUp(officer.totpSecret());
        return officer;
    }

    private String otp(TestOfficer officer) {
        return codes.next(officer.totpSecret());
    }

    /** The officer's own sign-in at Keycloak's pages (password and code): a token the portal hands over. */
    private String signIn(TestOfficer officer) {
        return OfficerTokens.signIn(config.keycloak().issuer(), officer.email(), officer.password(), otp(officer));
    }
}
