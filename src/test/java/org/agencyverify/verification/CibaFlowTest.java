package org.agencyverify.verification;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.agencyverify.confirmation.AgencySystem;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.common.security.Roles;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.confirmation.WebhookAgencies.Contact;
import org.agencyverify.confirmation.WebhookAgencies.Request;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.CibaClient.ClientAuth;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CIBA for emailed requests (README "A request arrived by email (CIBA)") end to end on the real Keycloak,
 * PostgreSQL and Redis: a portal asks about the sender of an emailed request, the agency's system (a real
 * webhook receiver the test answers for) confirms or denies, and the portal polls for a sender-confirmed
 * trust token.
 */
@QuarkusTest
class CibaFlowTest {

    private static final String SENDER_CONFIRMED = "urn:agency-verify:acr:sender-confirmed";
    private static final String QUESTION = "Is this person yours, and did they send this request?";
    private static final String DIGEST = "b".repeat(64);

    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;
    @Inject
    TestIdentities identities;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    // --- the sender path ------------------------------------------------------------------------

    @Test
    void aContactConfirmsASenderNobodyEnrolledAndThePortalCollectsASenderConfirmedTokenOnce() throws Exception {
        TestAgency agency = agencies.active();
        Contact contact = webhookAgencies.hmacContact(agency, receiver);
        TestPortal portal = fixtures.portal();
        CibaClient ciba = new CibaClient(portal);
        // Nobody enrolled this address; its capitals show that the token names it lower-cased.
        String sender = agency.email("Records.Clerk-" + tag());
        String caseReference = "CASE-" + tag();
        String code = "CIBA-" + tag().toUpperCase(Locale.ROOT);
        Map<String, String> form = CibaClient.request(sender, CibaClient.details("SUBPOENA", caseReference, DIGEST));
        form.put("binding_message", code);

        Started started = started(ciba.authenticate(form));
        assertError("before anyone answered", ciba.pollAfter(started.interval(), started.authReqId()), 400, "authorization_pending");

        // The agency's system is asked about the sender, not about an officer.
        Request request = WebhookAgencies.awaitRequest(receiver, contact);
        JsonNode data = request.data();
        assertEquals("sender-confirmation", data.path("kind").asText(), data.toString());
        assertEquals(QUESTION, data.path("question").asText(), data.toString());
        assertTrue(sender.equalsIgnoreCase(data.path("sender").path("email").asText()), data.toString());
        JsonNode officer = data.path("officer");
        assertTrue(officer.has("id") && officer.get("id").isNull(), "nobody enrolled the sender: " + officer);
        assertTrue(sender.equalsIgnoreCase(officer.path("email").asText()), officer.toString());
        assertEquals("SUBPOENA", data.path("purpose").asText());
        assertEquals(caseReference, data.path("caseReference").asText());
        assertEquals(portal.audience(), data.path("portal").path("audience").asText());
        // The portal's binding_message is the code the contact is shown (the spec: "as the request's code").
        assertEquals(code, data.path("bindingCode").asText(), data.toString());
        WebhookAgencies.approve(contact, request);

        Response collected = ciba.pollAfter(started.interval(), started.authReqId());
        String seen = collected.statusCode() + " " + collected.asString();
        assertEquals(200, collected.statusCode(), seen);
        assertJsonNotCached(collected);
        assertEquals("Bearer", collected.path("token_type"), seen);
        List<Map<String, Object>> details = List.of(Map.of("type", "law_enforcement_request", "purpose", "SUBPOENA",
                "case_reference", caseReference, "document_digest", Map.of("alg", "sha-256", "value", DIGEST)));
        assertEquals(details, collected.jsonPath().getList("authorization_details"), seen);

        // Checked with Nimbus against the published JWKS, not with the service's own code.
        String token = collected.path("access_token");
        JWTClaimsSet claims = verified(token);
        String address = sender.toLowerCase(Locale.ROOT);
        assertEquals(SENDER_CONFIRMED, claims.getStringClaim("acr"));
        assertEquals(List.of("oob"), claims.getStringListClaim("amr"), "a contact confirmed; nobody authenticated the sender");
        assertEquals(address, claims.getSubject());
        assertEquals(address, claims.getStringClaim("email"));
        assertEquals(List.of(portal.audience()), claims.getAudience());
        assertEquals(metadata().get("issuer"), claims.getIssuer());
        assertEquals(details, claims.getListClaim("authorization_details"));
        Map<String, Object> named = claims.getJSONObjectClaim("agency");
        assertEquals(agency.id().toString(), named.get("id"));
        assertEquals(agency.domain(), named.get("domain"));
        assertEquals("Test agency " + agency.domain().substring(0, agency.domain().indexOf('.')), named.get("name"));
        assertEquals("US", ((Map<?, ?>) named.get("jurisdiction")).get("country"));
        UUID.fromString(claims.getStringClaim("verification_id"));
        long left = claims.getExpirationTime().toInstant().getEpochSecond() - Instant.now().getEpochSecond();
        assertTrue(Math.abs(left - collected.<Integer>path("expires_in")) <= 5, "expires_in " + seen + " vs exp in " + left + " s");

        Map<String, Object> introspection = given().header("Authorization", portal.bearer()).formParam("token", token)
                .post("/v1/tokens/introspect").then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(true, introspection.get("active"), introspection.toString());
        assertEquals(SENDER_CONFIRMED, introspection.get("acr"), introspection.toString());
        assertEquals(address, introspection.get("sub"), introspection.toString());

        // Collectable once: afterwards the id is as good as unknown.
        assertError("collected already", ciba.pollAfter(started.interval(), started.authReqId()), 400, "invalid_grant");
    }

    @Test
    void aContactsDenialAnswersAccessDenied() {
        TestAgency agency = agencies.active();
        Contact contact = webhookAgencies.hmacContact(agency, receiver);
        CibaClient ciba = new CibaClient(fixtures.portal());
        Started started = started(ciba.authenticate(valid(agency, "SUBPOENA")));

        WebhookAgencies.deny(contact, WebhookAgencies.awaitRequest(receiver, contact));

        assertError("denied", ciba.pollAfter(started.interval(), started.authReqId()), 400, "access_denied");
    }

    /** Whether someone enrolled the address must not show in the answer: same fields, same numbers, same headers. */
    @Test
    void anEnrolledOfficersAddressLooksExactlyLikeAnAddressNobodyEnrolled() {
        TestAgency agency = agencies.active();
        webhookAgencies.hmacContact(agency, receiver);
        TestOfficer officer = fixtures.activeOfficer(agency);
        CibaClient ciba = new CibaClient(fixtures.portal());
        String details = CibaClient.details("SUBPOENA", "CASE-" + tag(), DIGEST);

        Response enrolled = ciba.authenticate(CibaClient.request(officer.email(), details));
        Response nobody = ciba.authenticate(CibaClient.request(agency.email("nobody-" + tag()), details));

        Started a = started(enrolled);
        Started b = started(nobody);
        assertEquals(a.expiresIn(), b.expiresIn());
        assertEquals(a.interval(), b.interval());
        assertEquals(enrolled.jsonPath().getMap("").keySet(), nobody.jsonPath().getMap("").keySet());
        assertEquals(headerNames(enrolled), headerNames(nobody));
        assertEquals(enrolled.contentType(), nobody.contentType());
    }

    /**
     * An enrolled officer's address: the officer answers first, so no contact is asked yet; the agency's
     * system is told (signed, the page's link, no secret) so that it can reach its officer its own way.
     */
    @Test
    void anOfficersAddressAsksTheOfficerFirstAndTellsTheAgencySystem() {
        TestAgency agency = agencies.active();
        WebhookAgencies.Contact system = webhookAgencies.hmacContact(agency, receiver);
        TestOfficer officer = fixtures.activeOfficer(agency);
        CibaClient ciba = new CibaClient(fixtures.portal());
        Started started = started(ciba.authenticate(CibaClient.request(officer.email(),
                CibaClient.details("SUBPOENA", "CASE-" + tag(), DIGEST))));

        // The outbox delivers within seconds; 60 s leaves room for a CPU-bound make test (it once took over 20).
        Eventually.within(Duration.ofSeconds(60), () -> assertFalse(officerAsked(system).isEmpty()));
        WebhookReceiver.Received notice = officerAsked(system).get(0);
        JsonNode data = AgencySystem.json(notice.body()).get("data");
        assertEquals(officer.id().toString(), data.path("officer").path("id").asText());
        assertTrue(data.path("page").asText().matches("http.*/approve/sent/[0-9a-f-]{36}"), notice.body());
        assertFalse(notice.body().contains(started.authReqId()), "the portal's request id never leaves the portal");
        assertTrue(data.path("secret").isMissingNode(), "a notice answers nothing: no secret");
        assertTrue(notice.headers().get("webhook-signature").startsWith("v1,"), "signed as every webhook");
        assertError("the officer has not answered", ciba.pollAfter(started.interval(), started.authReqId()), 400,
                "authorization_pending");
        assertEquals(List.of(), WebhookAgencies.requests(receiver, system), "no contact is asked before the officer answers");
    }

    private List<WebhookReceiver.Received> officerAsked(WebhookAgencies.Contact contact) {
        return receiver.received(contact.path()).stream()
                .filter(r -> "verification.officer_asked".equals(AgencySystem.json(r.body()).path("type").asText())).toList();
    }

    /** Only proved domains of ACTIVE agencies are anyone's: the rest is refused in the authentication answer itself. */
    @Test
    void aDomainThatIsNoProvedDomainOfAnActiveAgencyIsAnUnknownUser() {
        TestAgency active = agencies.active();
        webhookAgencies.hmacContact(active, receiver);
        String unproved = agencies.addUnprovedDomain(active);
        TestAgency suspended = agencies.create(AgencyStatus.SUSPENDED);
        TestAgency pending = agencies.create(AgencyStatus.PENDING);
        TestPortal portal = fixtures.portal();
        CibaClient ciba = new CibaClient(portal);
        String details = CibaClient.details("SUBPOENA", "CASE-" + tag(), DIGEST);

        for (String address : List.of("someone@nowhere-" + tag() + ".test", "someone@" + unproved, suspended.email("someone"),
                pending.email("someone"))) {
            assertError(address, ciba.authenticate(CibaClient.request(address, details)), 400, "unknown_user_id");
            // Stored as a refusal, like a REST start the gate refuses.
            assertEquals(VerificationState.REJECTED, stored(portal, address).state, address);
        }
        // The control: the same request for the ACTIVE agency's proved domain is taken.
        started(ciba.authenticate(CibaClient.request(active.email("someone"), details)));
    }

    /**
     * An ACTIVE agency with nobody who can confirm the purpose: answered at once with access_denied, for
     * every sender alike (it depends on the agency's contacts, never on who the sender is), rather than
     * keeping the portal polling for a whole deadline that nobody can meet. Nothing is started.
     */
    @Test
    void anActiveAgencyWithNobodyToAskIsDeniedAtOnceForEverySender() {
        TestAgency agency = agencies.active();
        CibaClient ciba = new CibaClient(fixtures.portal());
        Map<String, String> stranger = valid(agency, "SUBPOENA");
        Map<String, String> officer = valid(agency, "SUBPOENA");
        officer.put("login_hint", fixtures.activeOfficer(agency).email());

        String nobody = assertError("no contact, a stranger", ciba.authenticate(stranger), 400, "access_denied");
        assertEquals(nobody, assertError("no contact, an officer", ciba.authenticate(officer), 400, "access_denied"),
                "the same answer whoever the sender is");
    }

    @Test
    void nobodyAnsweringBeforeTheRequestedExpiryAnswersExpiredToken() {
        TestAgency agency = agencies.active();
        webhookAgencies.hmacContact(agency, receiver);
        CibaClient ciba = new CibaClient(fixtures.portal());
        Map<String, String> form = valid(agency, "SUBPOENA");
        form.put("requested_expiry", "2");

        Started started = started(ciba.authenticate(form));
        assertEquals(2, started.expiresIn(), "the portal's requested_expiry, shorter than the deadline");

        assertError("past requested_expiry", ciba.pollAfter(Math.max(started.interval(), 3), started.authReqId()), 400,
                "expired_token");
    }

    @Test
    void pollingSoonerThanTheIntervalAnswersSlowDown() {
        TestAgency agency = agencies.active();
        webhookAgencies.hmacContact(agency, receiver);
        CibaClient ciba = new CibaClient(fixtures.portal());
        Started started = started(ciba.authenticate(valid(agency, "SUBPOENA")));

        assertError("first poll", ciba.pollAfter(started.interval(), started.authReqId()), 400, "authorization_pending");
        assertError("second poll at once", ciba.token(started.authReqId()), 400, "slow_down");
    }

    /** Another portal learns nothing from an auth_req_id it did not get, and cannot disturb the portal that did. */
    @Test
    void anotherPortalsAuthReqIdAnswersExactlyLikeAMadeUpOne() {
        TestAgency agency = agencies.active();
        webhookAgencies.hmacContact(agency, receiver);
        CibaClient mine = new CibaClient(fixtures.portal());
        CibaClient other = new CibaClient(fixtures.portal());
        Started started = started(mine.authenticate(valid(agency, "SUBPOENA")));
        Eventually.sleep(started.interval() * 1000L + 300);

        String foreign = assertError("another portal's id", other.token(started.authReqId()), 400, "invalid_grant");
        String madeUp = assertError("a made-up id", other.token(madeUpId()), 400, "invalid_grant");
        assertEquals(madeUp, foreign, "the same error_description");

        assertError("the owner, not disturbed", mine.token(started.authReqId()), 400, "authorization_pending");
    }

    // --- bad requests -----------------------------------------------------------------------------

    @Test
    void malformedAuthenticationRequestsAreInvalidRequests() {
        TestAgency agency = agencies.active();
        webhookAgencies.hmacContact(agency, receiver);
        CibaClient ciba = new CibaClient(fixtures.portal());
        long standard = deadline("standard");
        long emergency = deadline("emergency");
        Map<String, Object> detail = new LinkedHashMap<>(Map.of("type", "law_enforcement_request", "purpose", "SUBPOENA",
                "case_reference", "CASE-1"));
        // The control, and the boundary: the whole deadline may be asked for.
        Map<String, String> whole = valid(agency, "SUBPOENA");
        whole.put("requested_expiry", String.valueOf(standard));
        assertEquals(standard, started(ciba.authenticate(whole)).expiresIn());

        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("login_hint not an address", with(valid(agency, "SUBPOENA"), "login_hint", "not-an-address"));
        cases.put("login_hint missing", with(valid(agency, "SUBPOENA"), "login_hint", null));
        cases.put("login_hint_token", with(valid(agency, "SUBPOENA"), "login_hint_token", "eyJhbGciOiJub25lIn0.e30."));
        cases.put("id_token_hint", with(valid(agency, "SUBPOENA"), "id_token_hint", "eyJhbGciOiJub25lIn0.e30."));
        cases.put("unknown purpose", with(valid(agency, "SUBPOENA"), "authorization_details",
                CibaClient.details("PARKING_TICKET", "CASE-1", null)));
        cases.put("authorization_details missing", with(valid(agency, "SUBPOENA"), "authorization_details", null));
        cases.put("authorization_details not JSON", with(valid(agency, "SUBPOENA"), "authorization_details", "purpose=SUBPOENA"));
        cases.put("an object, not an array", with(valid(agency, "SUBPOENA"), "authorization_details", CibaClient.json(detail)));
        cases.put("an empty array", with(valid(agency, "SUBPOENA"), "authorization_details", "[]"));
        cases.put("two elements", with(valid(agency, "SUBPOENA"), "authorization_details", CibaClient.json(List.of(detail, detail))));
        cases.put("a string element", with(valid(agency, "SUBPOENA"), "authorization_details", "[\"law_enforcement_request\"]"));
        cases.put("another type", with(valid(agency, "SUBPOENA"), "authorization_details",
                CibaClient.json(List.of(changed(detail, "type", "payment_initiation")))));
        cases.put("case_reference of 201 chars", with(valid(agency, "SUBPOENA"), "authorization_details",
                CibaClient.details("SUBPOENA", "C".repeat(201), null)));
        cases.put("case_reference of two lines", with(valid(agency, "SUBPOENA"), "authorization_details",
                CibaClient.details("SUBPOENA", "CASE-1\nCASE-2", null)));
        cases.put("digest not 64 hex", with(valid(agency, "SUBPOENA"), "authorization_details",
                CibaClient.details("SUBPOENA", "CASE-1", "xyz")));
        for (String expiry : List.of("0", "-5", "soon", "1.5", String.valueOf(standard + 1))) {
            cases.put("requested_expiry " + expiry, with(valid(agency, "SUBPOENA"), "requested_expiry", expiry));
        }
        // The deadline is the purpose's own: an emergency's is minutes.
        cases.put("EMERGENCY past its deadline", with(valid(agency, "EMERGENCY"), "requested_expiry", String.valueOf(emergency + 1)));

        cases.forEach((what, form) -> assertError(what, ciba.authenticate(form), 400, "invalid_request"));
    }

    @Test
    void bindingMessagesOfMoreThan64CharactersOrWithControlCharactersAreRefused() {
        TestAgency agency = agencies.active();
        webhookAgencies.hmacContact(agency, receiver);
        CibaClient ciba = new CibaClient(fixtures.portal());
        // The boundary is taken, so the refusals below are for the message alone.
        started(ciba.authenticate(with(valid(agency, "SUBPOENA"), "binding_message", "M".repeat(64))));

        for (String message : List.of("M".repeat(65), "CODE\u0007", "CODE\tTAB", "TWO\nLINES")) {
            assertError(message.replaceAll("\\p{Cntrl}", "?"), ciba.authenticate(with(valid(agency, "SUBPOENA"), "binding_message", message)),
                    400, "invalid_binding_message");
        }
    }

    @Test
    void clientsAuthenticateWithTheirSecretByBasicOrPostAndAnythingElseIsInvalidClient() {
        TestAgency agency = agencies.active();
        webhookAgencies.hmacContact(agency, receiver);
        TestPortal portal = fixtures.portal();
        CibaClient ciba = new CibaClient(portal);

        // client_secret_post works as well as client_secret_basic, at both endpoints.
        Started started = started(ciba.authenticate(valid(agency, "SUBPOENA"), ClientAuth.POST, portal.secret()));
        Eventually.sleep(started.interval() * 1000L + 300);
        assertError("client_secret_post at the token endpoint", ciba.token(Map.of("grant_type", CibaClient.GRANT,
                "auth_req_id", started.authReqId()), ClientAuth.POST, portal.secret()), 400, "authorization_pending");

        String wrong = "wrong-" + tag();
        assertInvalidClient("basic, wrong secret", ciba.authenticate(valid(agency, "SUBPOENA"), ClientAuth.BASIC, wrong));
        assertInvalidClient("post, wrong secret", ciba.authenticate(valid(agency, "SUBPOENA"), ClientAuth.POST, wrong));
        assertInvalidClient("no client authentication", given().contentType("application/x-www-form-urlencoded")
                .formParams(valid(agency, "SUBPOENA")).post(CibaClient.AUTHENTICATION));
        CibaClient stranger = new CibaClient(new TestPortal(UUID.randomUUID(), "https://nobody.example", "no-such-client-" + tag(),
                "secret", "nobody"));
        assertInvalidClient("a client nobody registered", stranger.authenticate(valid(agency, "SUBPOENA")));
        assertInvalidClient("token endpoint, wrong secret", ciba.token(Map.of("grant_type", CibaClient.GRANT,
                "auth_req_id", started.authReqId()), ClientAuth.BASIC, wrong));

        // A suspended portal's genuine secret no longer counts.
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).post("/v1/portals/" + portal.id() + "/suspend")
                .then().statusCode(200);
        assertInvalidClient("suspended portal", ciba.authenticate(valid(agency, "SUBPOENA")));
    }

    @Test
    void theTokenEndpointTakesOnlyTheCibaGrantWithAnAuthReqId() {
        TestAgency agency = agencies.active();
        webhookAgencies.hmacContact(agency, receiver);
        TestPortal portal = fixtures.portal();
        CibaClient ciba = new CibaClient(portal);
        Started started = started(ciba.authenticate(valid(agency, "SUBPOENA")));

        assertError("client_credentials", ciba.token(Map.of("grant_type", "client_credentials", "auth_req_id", started.authReqId()),
                ClientAuth.BASIC, portal.secret()), 400, "unsupported_grant_type");
        assertError("no auth_req_id", ciba.token(Map.of("grant_type", CibaClient.GRANT), ClientAuth.BASIC, portal.secret()), 400,
                "invalid_request");
    }

    // --- metadata ---------------------------------------------------------------------------------

    @Test
    void issuerMetadataNamesTheCibaEndpointsAndWhatTheyTake() {
        Map<String, Object> metadata = metadata();
        // The service's public base URL, as the metadata already uses it for introspection.
        String introspection = (String) metadata.get("introspection_endpoint");
        String base = introspection.substring(0, introspection.length() - "/v1/tokens/introspect".length());

        assertEquals(base + CibaClient.AUTHENTICATION, metadata.get("backchannel_authentication_endpoint"), metadata.toString());
        assertEquals(base + CibaClient.TOKEN, metadata.get("token_endpoint"), metadata.toString());
        assertEquals(List.of("poll"), metadata.get("backchannel_token_delivery_modes_supported"));
        assertEquals(false, metadata.get("backchannel_user_code_parameter_supported"));
        assertEquals(List.of(CibaClient.GRANT), metadata.get("grant_types_supported"));
        assertEquals(List.of("client_secret_basic", "client_secret_post"), metadata.get("token_endpoint_auth_methods_supported"));
        assertTrue(((List<?>) metadata.get("acr_values_supported")).contains(SENDER_CONFIRMED), metadata.toString());
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** What a 200 authentication answer says. */
    private record Started(String authReqId, int expiresIn, int interval) {}

    /** A 200 authentication answer with exactly the three fields of the spec. */
    private static Started started(Response response) {
        String seen = response.statusCode() + " " + response.asString();
        assertEquals(200, response.statusCode(), seen);
        assertJsonNotCached(response);
        Map<String, Object> body = response.jsonPath().getMap("");
        assertEquals(Set.of("auth_req_id", "expires_in", "interval"), body.keySet(), seen);
        String id = response.path("auth_req_id");
        assertTrue(id.matches("[A-Za-z0-9_-]{43}"), "43 chars of base64url: " + id);
        Started started = new Started(id, response.path("expires_in"), response.path("interval"));
        assertTrue(started.expiresIn() > 0 && started.interval() > 0, seen);
        return started;
    }

    /** A CIBA error answer: this status and error, JSON, not cached, with a description; answers the description. */
    private static String assertError(String what, Response response, int status, String error) {
        String seen = what + ": " + response.statusCode() + " " + response.asString();
        assertEquals(status, response.statusCode(), seen);
        assertJsonNotCached(response);
        assertEquals(error, response.jsonPath().getString("error"), seen);
        String description = response.jsonPath().getString("error_description");
        assertTrue(description != null && !description.isBlank(), seen);
        return description;
    }

    private static void assertInvalidClient(String what, Response response) {
        assertError(what, response, 401, "invalid_client");
        assertEquals("Basic realm=\"agency-verify\"", response.header("WWW-Authenticate"), what);
    }

    private static void assertJsonNotCached(Response response) {
        String contentType = response.contentType();
        assertTrue(contentType != null && contentType.startsWith("application/json"), "JSON, not " + contentType);
        // The directive the spec asks for (RFC 6749 5.1); JAX-RS adds a harmless no-transform.
        String cacheControl = response.header("Cache-Control");
        assertTrue(cacheControl != null && List.of(cacheControl.split("\\s*,\\s*")).contains("no-store"), "Cache-Control: " + cacheControl);
    }

    /** A valid request for a fresh address at the agency's proved domain (fresh, so no per-sender limit is reached). */
    private static Map<String, String> valid(TestAgency agency, String purpose) {
        return CibaClient.request(agency.email("sender-" + tag()), CibaClient.details(purpose, "CASE-" + tag(), DIGEST));
    }

    /** The form with one field set, or left out when null. */
    private static Map<String, String> with(Map<String, String> form, String field, String value) {
        if (value == null) {
            form.remove(field);
        } else {
            form.put(field, value);
        }
        return form;
    }

    private static Map<String, Object> changed(Map<String, Object> detail, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(detail);
        copy.put(field, value);
        return copy;
    }

    /** The purpose's confirmation deadline in seconds, as configured for the test profile. */
    private static long deadline(String tier) {
        return ConfigProvider.getConfig().getValue("agency-verify.verification." + tier + ".deadline", Duration.class).toSeconds();
    }

    private static JWTClaimsSet verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        assertEquals(new JOSEObjectType("agency-trust+jwt"), jwt.getHeader().getType());
        JWKSet jwks = JWKSet.parse(given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the JWKS publishes key " + jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(new ECDSAVerifier(key.toECPublicKey())), "signed by the published key");
        return jwt.getJWTClaimsSet();
    }

    /** The one request this portal started for this address, as stored. */
    private static Verification stored(TestPortal portal, String address) {
        return QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>find("portalId = ?1 and requesterEmail = ?2",
                portal.id(), address).singleResult());
    }

    private static Map<String, Object> metadata() {
        return given().get("/.well-known/agency-verify-issuer").then().statusCode(200).extract().jsonPath().getMap("");
    }

    private static Set<String> headerNames(Response response) {
        return response.headers().asList().stream().map(h -> h.getName().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** An id of the same shape as the service's: 32 random bytes, base64url. */
    private static String madeUpId() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
