package org.agencyverify.confirmation.email;

import static io.restassured.RestAssured.given;
import static org.agencyverify.support.BrowserPages.back;
import static org.agencyverify.support.BrowserPages.heading;
import static org.agencyverify.support.BrowserPages.submit;
import static org.agencyverify.support.BrowserPages.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.confirmation.AgencySystem;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.confirmation.WebhookAgencies.Contact;
import org.agencyverify.confirmation.WebhookAgencies.Request;
import org.agencyverify.contact.GreenMailServer;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.federation.AgencyIdpRealm.Upstream;
import org.agencyverify.federation.FederatedOfficer;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.risk.RiskFinding;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.HeadlessChromium;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.agencyverify.verification.VerificationState;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An emailed request (CIBA) whose sender's address is an ACTIVE enrolled officer's, end to end on the
 * real servers: the portal's CIBA calls, the officer's notice in GreenMail, the officer's page
 * (/approve/sent/{id}) in real headless Chromium behind the real Keycloak sign-in with password and
 * TOTP, or through the agency's own IdP (another realm of the real Keycloak), and the agency's system as a
 * real webhook receiver the test answers for.
 */
@QuarkusTest
class OfficerSentCheckTest {

    private static final String OFFICER_AUTHENTICATED = "urn:agency-verify:acr:officer-authenticated";
    private static final String MAILBOX_DISOWNED = "officer-mailbox-disowned";
    private static final String GRANT = "urn:openid:params:grant-type:ciba";
    private static final String DIGEST = "c".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The acr the agencies' IdPs are linked with as strong (a multi-factor sign-in at the agency). */
    private static final String AGENCY_MFA = "urn:agency:mfa";

    @Inject
    EnrolledAgencies agencies;

    @Inject
    VerificationFixtures fixtures;

    @Inject
    WebhookAgencies webhookAgencies;

    @Inject
    TestIdentities identities;

    @Inject
    AgencyVerifyConfig config;

    @ConfigProperty(name = "agency-verify.public-url")
    String publicUrl;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    // --- the scene -------------------------------------------------------------------------------

    /** An ACTIVE agency with a webhook contact, its ACTIVE officer (password + TOTP) and a portal. */
    private record Scene(TestAgency agency, Contact contact, TestOfficer officer, TestPortal portal) {}

    /** A CIBA start as the portal made it, and the verification it stored. */
    private record Emailed(String authReqId, int interval, String code, String caseReference, UUID verificationId) {}

    private Scene scene() {
        TestAgency agency = agencies.active();
        Contact contact = webhookAgencies.hmacContact(agency, receiver);
        TestOfficer officer = fixtures.activeOfficer(agency);
        return new Scene(agency, contact, officer, fixtures.portal());
    }

    /** The portal asks about an emailed SUBPOENA request from the officer's address. */
    private static Emailed emailed(Scene scene) {
        return emailed(scene.portal(), scene.officer().email());
    }

    private static Emailed emailed(TestPortal portal, String sender) {
        String caseReference = "CASE-" + tag();
        String code = "MAIL-" + tag().toUpperCase(Locale.ROOT);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("scope", "openid");
        form.put("login_hint", sender);
        form.put("binding_message", code);
        form.put("authorization_details", details("SUBPOENA", caseReference, DIGEST));
        Response response = portalClient(portal).formParams(form).post("/v1/ciba/authentication");
        String seen = response.statusCode() + " " + response.asString();
        assertEquals(200, response.statusCode(), seen);
        String authReqId = response.path("auth_req_id");
        assertTrue(authReqId != null && authReqId.matches("[A-Za-z0-9_-]{43}"), seen);
        UUID id = QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>find(
                "portalId = ?1 and caseReference = ?2", portal.id(), caseReference).singleResult().id);
        return new Emailed(authReqId, response.path("interval"), code, caseReference, id);
    }

    // --- 1. the officer sent it ------------------------------------------------------------------

    @Test
    void theOfficerSignsInWithPasswordAndOtpSaysISentThisAndTheTokenSaysTheOfficerAuthenticated() throws Exception {
        Scene scene = scene();
        Emailed emailed = emailed(scene);

        // The officer's notice: at the enrolled address, only the link, nothing that answers or is secret.
        String text = officerNotice(scene.officer(), emailed.verificationId());
        Matcher links = Pattern.compile("https?://\\S+").matcher(text);
        assertTrue(links.find(), text);
        String link = links.group();
        assertEquals(publicUrl.replaceAll("/+$", "") + "/approve/sent/" + emailed.verificationId(), link);
        assertFalse(links.find(), "one link only: " + text);
        assertFalse(text.contains(emailed.authReqId()), "no auth_req_id in the notice");
        assertFalse(text.contains(scene.portal().secret()), "no portal client secret in the notice");
        assertFalse(text.contains(scene.officer().password()), "no password in the notice");
        assertFalse(text.contains(scene.officer().totpSecret()), "no TOTP secret in the notice");
        long now = Instant.now().getEpochSecond();
        for (long at = now - 60; at <= now + 60; at += 30) {
            assertFalse(text.contains(BrowserlessLogin.totp(scene.officer().totpSecret(), at)), "no one-time code in the notice");
        }
        assertTrue(text.contains(emailed.caseReference()), text);

        // The portal waits; the agency's system has been asked nothing (the officer has not answered): it is
        // only told that its officer is asked, with the page's link and nothing that answers.
        assertError("before the officer answered", token(scene.portal(), emailed.authReqId()), 400, "authorization_pending");
        JsonNode told = awaitWebhook(scene.contact(), "verification.officer_asked").get(0);
        JsonNode notice = told.path("data");
        assertEquals(emailed.verificationId().toString(), notice.path("verificationId").asText(), told.toString());
        assertEquals(link, notice.path("page").asText(), told.toString());
        assertEquals(scene.officer().id().toString(), notice.path("officer").path("id").asText(), told.toString());
        assertFalse(notice.has("secret") || notice.has("respondTo") || notice.has("confirmationId"), "nothing that answers: " + told);
        assertFalse(told.toString().contains(emailed.authReqId()), "no auth_req_id: " + told);
        assertNobodyAsked(scene, emailed);

        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver browser = chromium.driver();
            // The link as sent, on this test's own address (the public URL is the default's).
            browser.get(link.replace(publicUrl.replaceAll("/+$", ""), base()));
            assertTrue(browser.getCurrentUrl().contains("/realms/agency-verify/"), "signed out: Keycloak's login first");
            signIn(browser, scene.officer().email(), scene.officer().password(), scene.officer().nextOtp());

            assertEquals("Did you send this request?", heading(browser));
            Verification stored = verification(emailed.verificationId());
            assertEquals(stored.bindingMessage, text(browser, "binding-message"));
            assertTrue(stored.bindingMessage.contains(emailed.code()), stored.bindingMessage);
            assertEquals(emailed.code(), text(browser, "binding-code"));
            assertEquals(emailed.caseReference(), text(browser, "case-reference"));
            assertEquals("SUBPOENA", text(browser, "purpose"));
            assertEquals(DIGEST, text(browser, "document-digest"));
            assertEquals(scene.officer().email(), text(browser, "sender"));
            assertTrue(text(browser, "portal").contains(scene.portal().name()), text(browser, "portal"));
            assertTrue(text(browser, "deadline").endsWith("UTC"), text(browser, "deadline"));
            assertEquals(200, statusWithSession(browser, sentPage(emailed.verificationId())));
            // Still nobody asked while the officer reads the page.
            assertNobodyAsked(scene, emailed);

            String csrf = browser.findElement(By.name("csrf")).getAttribute("value");
            submit(browser, "sent");
            assertEquals("Recorded: you sent this request", heading(browser));

            // Final: the page again is closed, and a second answer with the form's own token changes nothing.
            browser.get(sentPage(emailed.verificationId()));
            assertEquals("This request can no longer be answered", heading(browser));
            Response again = postWithSession(browser, sentPage(emailed.verificationId()), Map.of("answer", "NOT_SENT", "csrf", csrf));
            assertEquals(409, again.statusCode(), again.asString());
            assertTrue(again.asString().contains("This request can no longer be answered"), again.asString());
        }
        assertEquals(0, findings(emailed.verificationId()).size(), "the second answer was not applied");
        assertEquals(Verification.OfficerProof.CONFIRMED, verification(emailed.verificationId()).officerProof);

        // Now the agency's system is asked, and told the officer signed in and said so.
        Request request = WebhookAgencies.awaitRequest(receiver, scene.contact());
        JsonNode data = request.data();
        assertEquals(emailed.verificationId().toString(), data.path("verificationId").asText(), data.toString());
        assertEquals("sender-confirmation", data.path("kind").asText(), data.toString());
        assertEquals("ENROLLED_OFFICER_CONFIRMED", data.path("sender").path("standing").asText(), data.toString());
        assertEquals(scene.officer().email(), data.path("sender").path("email").asText(), data.toString());
        assertEquals(scene.officer().id().toString(), data.path("officer").path("id").asText(), data.toString());
        assertEquals(emailed.code(), data.path("bindingCode").asText(), data.toString());
        assertEquals(emailed.caseReference(), data.path("caseReference").asText(), data.toString());
        WebhookAgencies.approve(scene.contact(), request);

        Response collected = pollAfter(emailed.interval(), scene.portal(), emailed.authReqId());
        String seen = collected.statusCode() + " " + collected.asString();
        assertEquals(200, collected.statusCode(), seen);
        assertEquals("Bearer", collected.path("token_type"), seen);
        String token = collected.path("access_token");
        JWTClaimsSet claims = verified(token);
        assertEquals(OFFICER_AUTHENTICATED, claims.getStringClaim("acr"), claims.toString());
        assertEquals(scene.officer().id().toString(), claims.getSubject(), claims.toString());
        assertEquals(scene.officer().email(), claims.getStringClaim("email"), claims.toString());
        List<String> amr = claims.getStringListClaim("amr");
        assertTrue(amr.contains("otp"), "the officer's second factor: " + amr);
        assertTrue(amr.contains("oob"), "the agency's confirmation: " + amr);
        assertEquals(List.of(scene.portal().audience()), claims.getAudience());
        assertEquals(emailed.verificationId().toString(), claims.getStringClaim("verification_id"));
        Map<String, Object> introspection = given().header("Authorization", scene.portal().bearer()).formParam("token", token)
                .post("/v1/tokens/introspect").then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(OFFICER_AUTHENTICATED, introspection.get("acr"), introspection.toString());
        assertEquals(0L, findings(emailed.verificationId()).size());
    }

    // --- 2. the mailbox thief --------------------------------------------------------------------

    @Test
    void aMailboxThiefWithTheLinkButAnotherSignInSeesNothingAndChangesNothing() {
        Scene scene = scene();
        Emailed emailed = emailed(scene);
        String link = sentPage(emailed.verificationId());
        officerNotice(scene.officer(), emailed.verificationId());

        // Another officer of the same agency, signed in properly with password and TOTP.
        TestOfficer colleague = fixtures.activeOfficer(scene.agency());
        String foreign;
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver browser = chromium.driver();
            browser.get(link);
            signIn(browser, colleague.email(), colleague.password(), colleague.nextOtp());
            assertEquals("Nothing to answer here", heading(browser));
            assertEquals(403, statusWithSession(browser, link));
            assertNothingOfTheRequest(browser, scene, emailed);
            foreign = browser.findElement(By.tagName("main")).getText();
            // A request that does not exist reads exactly the same.
            browser.get(sentPage(UUID.randomUUID()));
            assertEquals(foreign, browser.findElement(By.tagName("main")).getText());
        }

        // Someone with an account of the realm (password and TOTP) who is no officer at all.
        TestUser outsider = identities.user();
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver browser = chromium.driver();
            browser.get(link);
            signIn(browser, outsider.username(), outsider.password(),
                    BrowserlessLogin.totp(outsider.totpSecret(), Instant.now().getEpochSecond() + 30));
            assertEquals("Nothing to answer here", heading(browser));
            assertEquals(403, statusWithSession(browser, link));
            assertNothingOfTheRequest(browser, scene, emailed);
            assertEquals(foreign, browser.findElement(By.tagName("main")).getText());
        }

        // The thief who also has the officer's password: Keycloak demands the one-time code, and without it
        // the link leads back to Keycloak, never to the request.
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver browser = chromium.driver();
            browser.get(link);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(scene.officer().email());
            browser.findElement(By.id("password")).sendKeys(scene.officer().password());
            browser.findElement(By.id("kc-login")).click();
            assertTrue(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("otp"))).isDisplayed(), "the OTP form");
            assertTrue(browser.getCurrentUrl().contains("/realms/agency-verify/"), browser.getCurrentUrl());
            browser.get(link);
            wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
            assertTrue(browser.getCurrentUrl().contains("/realms/agency-verify/"), "still at Keycloak: " + browser.getCurrentUrl());
            assertTrue(browser.manage().getCookies().stream().noneMatch(c -> c.getName().startsWith("q_session")),
                    "no session of the page: " + browser.manage().getCookies());
            assertNothingOfTheRequest(browser, emailed, scene.portal());
            // A wrong code does not get there either.
            if (!browser.findElements(By.id("username")).isEmpty()) {
                browser.findElement(By.id("username")).clear();
                browser.findElement(By.id("username")).sendKeys(scene.officer().email());
                browser.findElement(By.id("password")).sendKeys(scene.officer().password());
                browser.findElement(By.id("kc-login")).click();
            }
            WebElement otp = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("otp")));
            otp.sendKeys(wrongCode(scene.officer()));
            browser.findElement(By.id("kc-login")).click();
            wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
            assertTrue(browser.getCurrentUrl().contains("/realms/agency-verify/"), "still at Keycloak: " + browser.getCurrentUrl());
            // Keycloak's page names the account the thief typed in; nothing of the request is there.
            assertNothingOfTheRequest(browser, emailed, scene.portal());
        }

        assertUnchanged(scene, emailed);
    }

    /** An officer whose second factor is gone signs in with the password alone: too weak for the purpose. */
    @Test
    void aPasswordOnlySignInOfTheOfficerIsTooWeakAndSeesNothing() {
        Scene scene = scene();
        Emailed emailed = emailed(scene);
        var user = identities.realm().users().get(OfficerFixtures.row(scene.officer().id()).keycloakUserId);
        for (CredentialRepresentation credential : user.credentials()) {
            if ("otp".equals(credential.getType())) {
                user.removeCredential(credential.getId());
            }
        }
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver browser = chromium.driver();
            browser.get(sentPage(emailed.verificationId()));
            signIn(browser, scene.officer().email(), scene.officer().password(), null);
            assertEquals("Sign in with a stronger second factor", heading(browser));
            assertEquals(403, statusWithSession(browser, sentPage(emailed.verificationId())));
            assertNothingOfTheRequest(browser, scene, emailed);
        }
        assertUnchanged(scene, emailed);
    }

    // --- 3. the officer did not send it ----------------------------------------------------------

    @Test
    void iDidNotSendThisDeniesAtOnceAndRecordsTheMailboxAsDisowned() {
        Scene scene = scene();
        Emailed emailed = emailed(scene);
        officerNotice(scene.officer(), emailed.verificationId());
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver browser = chromium.driver();
            browser.get(sentPage(emailed.verificationId()));
            signIn(browser, scene.officer().email(), scene.officer().password(), scene.officer().nextOtp());
            assertEquals(emailed.code(), text(browser, "binding-code"));
            String csrf = browser.findElement(By.name("csrf")).getAttribute("value");
            submit(browser, "not-sent");
            assertEquals("Recorded: you did not send this request", heading(browser));

            // Final: the page again is closed, and "I sent this" afterwards, with the form's own token, changes nothing.
            browser.get(sentPage(emailed.verificationId()));
            assertEquals("This request can no longer be answered", heading(browser));
            assertNothingOfTheRequest(browser, scene, emailed);
            Response again = postWithSession(browser, sentPage(emailed.verificationId()), Map.of("answer", "SENT", "csrf", csrf));
            assertEquals(409, again.statusCode(), again.asString());
            assertTrue(again.asString().contains("This request can no longer be answered"), again.asString());
        }

        // The portal's first poll after the answer: denied.
        assertError("the officer disowned it", token(scene.portal(), emailed.authReqId()), 400, "access_denied");
        Verification after = verification(emailed.verificationId());
        assertEquals(VerificationState.DENIED, after.state);

        List<RiskFinding> findings = findings(emailed.verificationId());
        assertEquals(1, findings.size(), findings.stream().map(f -> f.name).toList().toString());
        assertEquals(MAILBOX_DISOWNED, findings.get(0).name);
        assertEquals(scene.officer().id(), findings.get(0).officerId);
        List<AuditEvent> assessed = audit(emailed.verificationId(), "verification.risk-assessed");
        assertEquals(1, assessed.size());
        JsonNode details = AgencySystem.json(assessed.get(0).details);
        assertEquals("DENY", details.path("decision").asText(), details.toString());
        assertEquals(MAILBOX_DISOWNED, details.path("findings").path(0).path("name").asText(), details.toString());
        assertEquals(1, audit(emailed.verificationId(), "verification.denied").size());

        // The agency's contacts are told of the impersonation; none was asked, then or since.
        JsonNode reported = awaitWebhook(scene.contact(), "impersonation.reported").get(0);
        assertEquals(scene.officer().email(), reported.path("data").path("sender").path("email").asText(), reported.toString());
        assertTrue(reported.toString().contains(emailed.verificationId().toString()), "names the denied request: " + reported);
        Eventually.sleep(2000);
        assertEquals(0L, confirmations(emailed.verificationId()));
        assertTrue(WebhookAgencies.requests(receiver, scene.contact()).isEmpty(),
                "no confirmation request: " + receiver.received(scene.contact().path()));
    }

    // --- 4. CSRF ---------------------------------------------------------------------------------

    @Test
    void aPostWithoutOrWithAForgedCsrfTokenAnswersNothing() {
        Scene scene = scene();
        Emailed emailed = emailed(scene);
        Emailed other = emailed(scene);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver browser = chromium.driver();
            browser.get(sentPage(emailed.verificationId()));
            signIn(browser, scene.officer().email(), scene.officer().password(), scene.officer().nextOtp());
            assertEquals(emailed.code(), text(browser, "binding-code"));

            browser.executeScript("document.querySelector('input[name=csrf]').remove()");
            submit(browser, "sent");
            assertEquals("This form cannot be used", heading(browser));
            assertEquals(403, postWithSession(browser, sentPage(emailed.verificationId()), Map.of("answer", "SENT")).statusCode());

            back(browser, "input[name=csrf]");
            browser.executeScript("document.querySelector('input[name=csrf]').value = 'forged'");
            submit(browser, "not-sent");
            assertEquals("This form cannot be used", heading(browser));

            // The form's genuine token is for its own request only: not for the officer's other one.
            browser.get(sentPage(emailed.verificationId()));
            String genuine = browser.findElement(By.name("csrf")).getAttribute("value");
            browser.get(sentPage(other.verificationId()));
            assertEquals(other.code(), text(browser, "binding-code"));
            browser.executeScript("document.querySelector('input[name=csrf]').value = arguments[0]", genuine);
            submit(browser, "not-sent");
            assertEquals("This form cannot be used", heading(browser));
            Response crossed = postWithSession(browser, sentPage(other.verificationId()), Map.of("answer", "SENT", "csrf", genuine));
            assertEquals(403, crossed.statusCode(), crossed.asString());
            assertTrue(crossed.asString().contains("This form cannot be used"), crossed.asString());
        }
        assertUnchanged(scene, emailed);
        assertUnchanged(scene, other);
    }

    // --- 5. an officer who signs in at the agency's IdP --------------------------------------------

    @Test
    void aFederatedOfficerAnswersThroughTheAgencysIdentityProviderAndTheTokenCarriesTheAgencysSignIn() throws Exception {
        TestAgency agency = agencies.active();
        Contact contact = webhookAgencies.hmacContact(agency, receiver);
        TestPortal portal = fixtures.portal();
        try (FederatedOfficer officer = federatedOfficer(agency, Upstream.acr(AGENCY_MFA, "pwd", "otp"))) {
            Emailed emailed = emailed(portal, officer.email);

            // The link names the agency's IdP (hidden on Keycloak's login page): the officer goes straight there.
            String text = officerNotice(officer.email, emailed.verificationId());
            Matcher links = Pattern.compile("https?://\\S+").matcher(text);
            assertTrue(links.find(), text);
            String link = links.group();
            assertEquals(publicUrl.replaceAll("/+$", "") + "/approve/sent/" + emailed.verificationId() + "?kc_idp_hint="
                    + officer.alias, link);
            // The agency's system is given the same link, to pass on its own way.
            assertEquals(link, awaitWebhook(contact, "verification.officer_asked").get(0).path("data").path("page").asText());
            assertNobodyAsked(contact, emailed);

            try (HeadlessChromium chromium = new HeadlessChromium()) {
                ChromeDriver browser = chromium.driver();
                browser.get(link.replace(publicUrl.replaceAll("/+$", ""), base()));
                signInAtTheAgency(browser, officer);
                assertEquals("Did you send this request?", heading(browser));
                assertEquals(emailed.code(), text(browser, "binding-code"));
                assertEquals(emailed.caseReference(), text(browser, "case-reference"));
                submit(browser, "sent");
                assertEquals("Recorded: you sent this request", heading(browser));
            }
            assertEquals(Verification.OfficerProof.CONFIRMED, verification(emailed.verificationId()).officerProof);

            Request request = WebhookAgencies.awaitRequest(receiver, contact);
            assertEquals("ENROLLED_OFFICER_CONFIRMED", request.data().path("sender").path("standing").asText(), request.data().toString());
            WebhookAgencies.approve(contact, request);
            Response collected = pollAfter(emailed.interval(), portal, emailed.authReqId());
            assertEquals(200, collected.statusCode(), collected.asString());
            JWTClaimsSet claims = verified(collected.path("access_token"));
            assertEquals(OFFICER_AUTHENTICATED, claims.getStringClaim("acr"), claims.toString());
            assertEquals(officer.id.toString(), claims.getSubject(), claims.toString());
            // The agency's own sign-in is what was judged and what the token tells (not Keycloak's broker session).
            List<String> amr = claims.getStringListClaim("amr");
            assertTrue(amr.containsAll(List.of("pwd", "otp", "oob")), "the agency's sign-in and the contact's confirmation: " + amr);
        }
    }

    @Test
    void aFederatedOfficerWhoseAgencySignInIsTooWeakSeesNothingAndChangesNothing() {
        TestAgency agency = agencies.active();
        Contact contact = webhookAgencies.hmacContact(agency, receiver);
        TestPortal portal = fixtures.portal();
        // The agency's IdP says the officer signed in with a password only: an acr the agency did not link as strong.
        try (FederatedOfficer officer = federatedOfficer(agency, Upstream.acr("urn:agency:password-only", "pwd"))) {
            Emailed emailed = emailed(portal, officer.email);
            String link = officerNotice(officer.email, emailed.verificationId()).lines().map(String::strip)
                    .filter(line -> line.startsWith("http")).findFirst().orElseThrow();
            try (HeadlessChromium chromium = new HeadlessChromium()) {
                ChromeDriver browser = chromium.driver();
                browser.get(link.replace(publicUrl.replaceAll("/+$", ""), base()));
                signInAtTheAgency(browser, officer);
                assertEquals("Sign in with a stronger second factor", heading(browser));
                assertEquals(403, statusWithSession(browser, sentPage(emailed.verificationId())));
                assertNothingOfTheRequest(browser, emailed, portal);
                Response forced = postWithSession(browser, sentPage(emailed.verificationId()), Map.of("answer", "SENT", "csrf", "x"));
                assertEquals(403, forced.statusCode(), forced.asString());
            }
            assertUnchanged(contact, portal, emailed);
        }
    }

    private FederatedOfficer federatedOfficer(TestAgency agency, Upstream upstream) {
        return new FederatedOfficer(identities, config.keycloak().url(), config.keycloak().issuer(), agency, upstream, AGENCY_MFA);
    }

    /** The agency's own login page (its IdP, another realm): the officer's password there, then back to the page. */
    private static void signInAtTheAgency(WebDriver browser, FederatedOfficer officer) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertTrue(browser.getCurrentUrl().startsWith(officer.idp.issuer()), "at the agency's IdP: " + browser.getCurrentUrl());
        browser.findElement(By.id("username")).sendKeys("officer");
        browser.findElement(By.id("password")).sendKeys(officer.idp.userPassword);
        browser.findElement(By.id("kc-login")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(base()) && !d.findElements(By.tagName("main")).isEmpty()
                && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    // --- assertions ------------------------------------------------------------------------------

    /** The officer's notice for this request (by its Message-ID), as text: the outbox sends it within seconds. */
    private static String officerNotice(TestOfficer officer, UUID verificationId) {
        return officerNotice(officer.email(), verificationId);
    }

    private static String officerNotice(String email, UUID verificationId) {
        String messageId = "<sent_" + verificationId + "@agency-verify>";
        Eventually.within(Duration.ofSeconds(20), () -> assertEquals(1, notices(email, messageId).size(), "notices to " + email));
        try {
            MimeMessage message = notices(email, messageId).get(0);
            assertEquals(1, message.getAllRecipients().length);
            assertEquals(email, message.getAllRecipients()[0].toString());
            assertTrue(message.getSubject().startsWith("Did you send this?"), message.getSubject());
            return GreenMailUtil.getBody(message).replace("=\r\n", "").replace("\r\n", "\n");
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MimeMessage> notices(String address, String messageId) {
        return GreenMailServer.messagesTo(address).stream().filter(m -> {
            try {
                return messageId.equals(m.getMessageID());
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The bodies of this type the contact received, once there is at least one (the outbox delivers within seconds). */
    private List<JsonNode> awaitWebhook(Contact contact, String type) {
        Eventually.within(Duration.ofSeconds(20), () -> assertFalse(webhooks(contact, type).isEmpty(),
                "a " + type + " webhook; received: " + receiver.received(contact.path())));
        return webhooks(contact, type);
    }

    private List<JsonNode> webhooks(Contact contact, String type) {
        return receiver.received(contact.path()).stream().map(r -> AgencySystem.json(r.body()))
                .filter(body -> type.equals(body.path("type").asText())).toList();
    }

    /** Nobody of the agency was asked: no confirmation stored, none delivered, the officer's proof still pending. */
    private void assertNobodyAsked(Scene scene, Emailed emailed) {
        assertNobodyAsked(scene.contact(), emailed);
    }

    private void assertNobodyAsked(Contact contact, Emailed emailed) {
        assertEquals(0L, confirmations(emailed.verificationId()), "no confirmation stored");
        assertTrue(WebhookAgencies.requests(receiver, contact).isEmpty(),
                "no confirmation request delivered: " + receiver.received(contact.path()));
        Verification v = verification(emailed.verificationId());
        assertEquals(VerificationState.PENDING_CONFIRMATION, v.state);
        assertEquals(Verification.OfficerProof.PENDING, v.officerProof);
    }

    /** Nothing changed: the portal still waits, nobody was asked, no finding. */
    private void assertUnchanged(Scene scene, Emailed emailed) {
        assertUnchanged(scene.contact(), scene.portal(), emailed);
    }

    private void assertUnchanged(Contact contact, TestPortal portal, Emailed emailed) {
        // Long enough for anything enqueued to have been delivered.
        Eventually.sleep(2000);
        assertNobodyAsked(contact, emailed);
        assertEquals(0, findings(emailed.verificationId()).size());
        assertEquals(0, audit(emailed.verificationId(), "verification.officer-confirmed").size());
        assertEquals(0, audit(emailed.verificationId(), "verification.denied").size());
        assertError("nothing changed", pollAfter(emailed.interval(), portal, emailed.authReqId()), 400,
                "authorization_pending");
    }

    private static void assertNothingOfTheRequest(WebDriver browser, Scene scene, Emailed emailed) {
        assertFalse(browser.getPageSource().contains(scene.officer().email()), "no sender");
        assertNothingOfTheRequest(browser, emailed, scene.portal());
    }

    private static void assertNothingOfTheRequest(WebDriver browser, Emailed emailed, TestPortal portal) {
        String html = browser.getPageSource();
        assertFalse(html.contains(emailed.caseReference()), "no case reference");
        assertFalse(html.contains(emailed.code()), "no code");
        assertFalse(html.contains(portal.name()), "no portal");
        assertFalse(html.contains(DIGEST), "no document digest");
        assertTrue(browser.findElements(By.id("sent")).isEmpty(), "no 'I sent this' button");
        assertTrue(browser.findElements(By.id("not-sent")).isEmpty(), "no 'I did not send this' button");
        assertTrue(browser.findElements(By.name("csrf")).isEmpty(), "no form");
    }

    private static String assertError(String what, Response response, int status, String error) {
        String seen = what + ": " + response.statusCode() + " " + response.asString();
        assertEquals(status, response.statusCode(), seen);
        assertEquals(error, response.jsonPath().getString("error"), seen);
        return response.jsonPath().getString("error_description");
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

    // --- the portal's CIBA calls (client_secret_basic) --------------------------------------------

    private static RequestSpecification portalClient(TestPortal portal) {
        String pair = URLEncoder.encode(portal.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(portal.secret(), StandardCharsets.UTF_8);
        return given().contentType("application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private static Response token(TestPortal portal, String authReqId) {
        return portalClient(portal).formParam("grant_type", GRANT).formParam("auth_req_id", authReqId).post("/v1/ciba/token");
    }

    /** Polls once the interval has passed since any earlier poll (CIBA 7.3: no sooner). */
    private static Response pollAfter(int intervalSeconds, TestPortal portal, String authReqId) {
        Eventually.sleep(intervalSeconds * 1000L + 300);
        return token(portal, authReqId);
    }

    private static String details(String purpose, String caseReference, String digestHex) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", "law_enforcement_request");
        detail.put("purpose", purpose);
        detail.put("case_reference", caseReference);
        detail.put("document_digest", Map.of("alg", "sha-256", "value", digestHex));
        try {
            return JSON.writeValueAsString(List.of(detail));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the browser -----------------------------------------------------------------------------

    /** Keycloak accepts any port on 127.0.0.1 for the client's loopback redirect URI (RFC 8252), not on localhost. */
    private static String base() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private static String sentPage(UUID verificationId) {
        return base() + "/approve/sent/" + verificationId;
    }

    /** Keycloak's login pages as a person fills them in: username and password, then the one-time code if given. */
    private static void signIn(WebDriver browser, String username, String password, String otp) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        if (otp != null) {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("otp"))).sendKeys(otp);
            browser.findElement(By.id("kc-login")).click();
        }
        try {
            wait.until(d -> d.getCurrentUrl().startsWith(base()) && !d.findElements(By.tagName("main")).isEmpty()
                    && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        } catch (org.openqa.selenium.TimeoutException e) {
            String page = browser.getPageSource();
            throw new AssertionError("sign-in did not end on the service's page: " + browser.getCurrentUrl() + "\n"
                    + page.substring(0, Math.min(page.length(), 2000)), e);
        }
    }

    /** The HTTP status of a GET with this browser's session cookies (Selenium does not tell statuses). */
    private static int statusWithSession(WebDriver browser, String url) {
        return given().cookies(cookies(browser)).redirects().follow(false).get(url).statusCode();
    }

    private static Response postWithSession(WebDriver browser, String url, Map<String, String> form) {
        return given().cookies(cookies(browser)).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParams(form).post(url);
    }

    private static Map<String, String> cookies(WebDriver browser) {
        // The session cookie's path is /approve: read the cookies where they apply.
        return browser.manage().getCookies().stream().collect(Collectors.toMap(Cookie::getName, Cookie::getValue, (a, b) -> a));
    }

    // --- the database ----------------------------------------------------------------------------

    private static Verification verification(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(id));
    }

    private static long confirmations(UUID verificationId) {
        return QuarkusTransaction.requiringNew().call(() -> Confirmation.count("verificationId", verificationId));
    }

    private static List<RiskFinding> findings(UUID verificationId) {
        return QuarkusTransaction.requiringNew().call(() -> RiskFinding.<RiskFinding>list("verificationId", verificationId));
    }

    private static List<AuditEvent> audit(UUID verificationId, String action) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list(
                "subjectId = ?1 and action = ?2", verificationId.toString(), action));
    }

    /** A six-digit code that is none of the officer's codes near now. */
    private static String wrongCode(TestOfficer officer) {
        long now = Instant.now().getEpochSecond();
        List<String> near = List.of(BrowserlessLogin.totp(officer.totpSecret(), now - 30), BrowserlessLogin.totp(officer.totpSecret(), now),
                BrowserlessLogin.totp(officer.totpSecret(), now + 30), BrowserlessLogin.totp(officer.totpSecret(), now + 60));
        for (int i = 0; ; i++) {
            String code = String.format("%06d", (123456 + i * 7919) % 1_000_000);
            if (!near.contains(code)) {
                return code;
            }
        }
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
