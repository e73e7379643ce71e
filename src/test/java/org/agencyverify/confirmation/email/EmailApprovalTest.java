package org.agencyverify.confirmation.email;

import static io.restassured.RestAssured.given;
import static org.agencyverify.support.BrowserPages.awaitReplaced;
import static org.agencyverify.support.BrowserPages.back;
import static org.agencyverify.support.BrowserPages.heading;
import static org.agencyverify.support.BrowserPages.submit;
import static org.agencyverify.support.BrowserPages.text;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.security.Roles;
import org.agencyverify.confirmation.AgencySystem;
import org.agencyverify.confirmation.ConfirmationSecrets;
import org.agencyverify.confirmation.email.ApprovalFixtures.Started;
import org.agencyverify.confirmation.email.ApprovalFixtures.TestContact;
import org.agencyverify.contact.GreenMailServer;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.HeadlessChromium;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationState;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The email channel end to end on the real servers: the mail in GreenMail, the approval page in real
 * headless Chromium, the sign-in at the real Keycloak with password and TOTP.
 */
@QuarkusTest
class EmailApprovalTest {

    @Inject
    ApprovalFixtures fixtures;

    @Inject
    ConfirmationSecrets secrets;

    @Inject
    OperatorChanges operators;

    @Inject
    TestIdentities identities;

    @ConfigProperty(name = "agency-verify.public-url")
    String publicUrl;

    /** Keycloak accepts any port on 127.0.0.1 for the client's loopback redirect URI (RFC 8252), not on localhost. */
    private static String base() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private static String page(UUID confirmationId) {
        return base() + "/approve/" + confirmationId;
    }

    /** An agency whose contact (Keycloak user with password, and TOTP if asked) was asked to confirm a started verification. */
    private record Scene(Started started, TestContact asked, Confirmation confirmation) {}

    private Scene scene(boolean withOtp) {
        TestAgency agency = fixtures.agency();
        TestContact asked = fixtures.contact(agency.id(), withOtp);
        Started started = fixtures.start(agency);
        return new Scene(started, asked, ApprovalFixtures.confirmation(started.verificationId(), asked.id()));
    }

    /** Opens the confirmation's page in this browser and signs in at Keycloak there as this person. */
    private static void openSignedIn(WebDriver browser, UUID confirmationId, TestContact as) {
        browser.get(page(confirmationId));
        assertTrue(browser.getCurrentUrl().contains("/realms/agency-verify/"), "signed out: Keycloak's login first");
        ApprovalFixtures.signIn(browser, as, base());
    }

    @Test
    void theContactSeesTheBindingMessageAfterPasswordAndOtp() throws Exception {
        Scene scene = scene(true);
        Verification verification = verification(scene.started().verificationId());
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            WebDriver browser = chromium.driver();
            openSignedIn(browser, scene.confirmation().id, scene.asked());
            assertEquals(verification.bindingMessage, text(browser, "binding-message"));
            assertEquals(verification.bindingCode, text(browser, "binding-code"));
            assertEquals(scene.started().caseReference(), text(browser, "case-reference"));
            assertEquals("SUBPOENA", text(browser, "purpose"));
            assertTrue(text(browser, "portal").contains(scene.started().portal().name()), text(browser, "portal"));
            assertTrue(text(browser, "officer").contains(scene.started().officer().email()), text(browser, "officer"));
            assertTrue(text(browser, "deadline").endsWith("UTC"), text(browser, "deadline"));
            assertTrue(browser.findElement(By.id("approve")).isDisplayed());
            assertTrue(browser.findElement(By.id("deny")).isDisplayed());
            // For a person to look at (not committed): does the page read well?
            Path shot = chromium.driver().getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of("target/approval-page.png"), StandardCopyOption.REPLACE_EXISTING);
        }
        assertUntouched(scene.started(), scene.asked());
    }

    @Test
    void theContactApprovesFromTheEmailLinkAndTheVerificationIsApproved() throws Exception {
        Scene scene = scene(true);
        UUID id = scene.confirmation().id;
        String text = mailTo(scene.asked().email());
        Verification verification = verification(scene.started().verificationId());
        Matcher link = Pattern.compile("\\S+/approve/\\S+").matcher(text);
        assertTrue(link.find(), text);
        assertEquals(publicUrl + "/approve/" + id, link.group());
        assertTrue(text.contains(verification.bindingMessage), text);
        assertTrue(text.contains(scene.started().caseReference()), text);
        assertTrue(text.contains(ApprovalView.formatDeadline(verification.expiresAt)), text);
        assertTrue(text.contains("This email approves nothing by itself"), text);
        assertFalse(text.contains(secrets.secret(id)), "the webhook channel's one-time secret is not in the email");

        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver browser = chromium.driver();
            // The link as sent, on this test's own address (the public URL is the default's).
            browser.get(link.group().replace(publicUrl, base()));
            ApprovalFixtures.signIn(browser, scene.asked(), base());
            String csrf = browser.findElement(By.name("csrf")).getAttribute("value");
            submit(browser, "approve");
            assertEquals("You approved the request", heading(browser));

            assertEquals(VerificationState.APPROVED, verification(scene.started().verificationId()).state);
            // The portal's first read after the approval collects the trust token.
            given().header("Authorization", scene.started().portal().bearer())
                    .get("/v1/verifications/" + scene.started().verificationId())
                    .then().statusCode(200).body("state", equalTo("TOKEN_ISSUED"));
            Confirmation answered = ApprovalFixtures.confirmation(scene.started().verificationId(), scene.asked().id());
            assertEquals(Confirmation.Status.ANSWERED, answered.status);
            assertEquals(Confirmation.Decision.APPROVE, answered.decision);

            // The page again: closed. A second decision, with the form's own valid token: refused, audited.
            browser.get(page(id));
            assertEquals("This request can no longer be answered", heading(browser));
            WebElement current = browser.findElement(By.tagName("main"));
            browser.executeScript("const f = document.createElement('form'); f.method = 'post'; f.action = location.pathname;"
                    + "for (const [k, v] of [['csrf', arguments[0]], ['decision', 'DENY']]) {"
                    + " const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }"
                    + "document.body.appendChild(f); f.submit();", csrf);
            awaitReplaced(browser, current);
            assertEquals("This request can no longer be answered", heading(browser));
        }
        Confirmation after = ApprovalFixtures.confirmation(scene.started().verificationId(), scene.asked().id());
        assertEquals(Confirmation.Decision.APPROVE, after.decision, "the second decision changed nothing");
        assertEquals(VerificationState.TOKEN_ISSUED, verification(scene.started().verificationId()).state);
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                "subjectId = ?1 and action = 'confirmation.refused'", id.toString())));
    }

    @Test
    void denyOnThePageDeniesTheVerification() {
        Scene scene = scene(true);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            WebDriver browser = chromium.driver();
            openSignedIn(browser, scene.confirmation().id, scene.asked());
            submit(browser, "deny");
            assertEquals("You denied the request", heading(browser));
        }
        given().header("Authorization", scene.started().portal().bearer())
                .get("/v1/verifications/" + scene.started().verificationId())
                .then().statusCode(200).body("state", equalTo("DENIED"));
        assertEquals(Confirmation.Decision.DENY,
                ApprovalFixtures.confirmation(scene.started().verificationId(), scene.asked().id()).decision);
    }

    /** The text of the one email GreenMail got for this address (the outbox sends it within seconds). */
    private static String mailTo(String address) throws Exception {
        Eventually.within(Duration.ofSeconds(20), () -> assertEquals(1, messagesTo(address).size(), "mails to " + address));
        MimeMessage message = messagesTo(address).get(0);
        return GreenMailUtil.getBody(message).replace("=\r\n", "").replace("\r\n", "\n");
    }

    private static List<MimeMessage> messagesTo(String address) {
        return GreenMailServer.messagesTo(address);
    }

    @Test
    void anotherSignedInContactGets403AndNothingOfTheRequest() {
        Scene scene = scene(true);
        TestContact colleague = fixtures.contact(scene.started().agency().id(), true);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            WebDriver browser = chromium.driver();
            openSignedIn(browser, scene.confirmation().id, colleague);
            assertEquals("Nothing to confirm here", heading(browser));
            assertNothingOfTheRequest(browser, scene.started());
            // A confirmation id that does not exist reads exactly the same.
            String foreign = browser.findElement(By.tagName("main")).getText();
            browser.get(page(UUID.randomUUID()));
            assertEquals(foreign, browser.findElement(By.tagName("main")).getText());
        }
        assertUntouched(scene.started(), scene.asked());
    }

    @Test
    void aSignInWithoutOtpIsRefused() {
        Scene scene = scene(false);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            WebDriver browser = chromium.driver();
            openSignedIn(browser, scene.confirmation().id, scene.asked());
            assertEquals("Sign in with your one-time code", heading(browser));
            assertNothingOfTheRequest(browser, scene.started());
        }
        assertUntouched(scene.started(), scene.asked());
    }

    @Test
    void aPostWithoutTheCsrfTokenDecidesNothing() {
        Scene scene = scene(true);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver browser = chromium.driver();
            openSignedIn(browser, scene.confirmation().id, scene.asked());
            browser.executeScript("document.querySelector('input[name=csrf]').remove()");
            submit(browser, "approve");
            assertEquals("This form cannot be used", heading(browser));
            back(browser, "input[name=csrf]");
            browser.executeScript("document.querySelector('input[name=csrf]').value = 'forged'");
            submit(browser, "approve");
            assertEquals("This form cannot be used", heading(browser));
        }
        assertUntouched(scene.started(), scene.asked());
    }

    @Test
    void aContactRemovedWhileThePageWasOpenDecidesNothing() {
        Scene scene = scene(true);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            WebDriver browser = chromium.driver();
            openSignedIn(browser, scene.confirmation().id, scene.asked());
            assertTrue(browser.findElement(By.id("approve")).isDisplayed());
            operators.removeContact(scene.started().agency().id(), scene.asked().id());
            submit(browser, "approve");
            assertEquals("Nothing to confirm here", heading(browser));
            assertNothingOfTheRequest(browser, scene.started());
        }
        assertRefusedAndUndecided(scene, "contact-removed");
    }

    @Test
    void aContactOfASuspendedAgencyDecidesNothing() {
        Scene scene = scene(true);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            WebDriver browser = chromium.driver();
            openSignedIn(browser, scene.confirmation().id, scene.asked());
            given().header("Authorization", identities.user(Roles.OPERATOR).bearer())
                    .post("/v1/agencies/" + scene.started().agency().id() + "/suspend").then().statusCode(200);
            submit(browser, "approve");
            assertEquals("Nothing to confirm here", heading(browser));
            // Opened again: nothing of the request either.
            browser.get(page(scene.confirmation().id));
            assertEquals("Nothing to confirm here", heading(browser));
            assertNothingOfTheRequest(browser, scene.started());
        }
        assertRefusedAndUndecided(scene, "agency-suspended");
        assertUntouched(scene.started(), scene.asked());
    }

    /** The refusal is audited with its real reason; the confirmation and the verification are as they were. */
    private static void assertRefusedAndUndecided(Scene scene, String reason) {
        UUID id = scene.confirmation().id;
        List<AuditEvent> refused = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list(
                "subjectId = ?1 and action = 'confirmation.refused'", id.toString()));
        assertEquals(1, refused.size());
        assertEquals(reason, AgencySystem.json(refused.get(0).details).get("reason").asText());
        Confirmation row = ApprovalFixtures.confirmation(scene.started().verificationId(), scene.asked().id());
        assertEquals(null, row.decision);
        assertEquals(null, row.answeredAt);
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                "subjectId = ?1 and action = 'confirmation.answered'", id.toString())));
        VerificationState state = verification(scene.started().verificationId()).state;
        assertTrue(state == VerificationState.PENDING_CONFIRMATION || state == VerificationState.EXPIRED, "never approved: " + state);
    }

    private static void assertNothingOfTheRequest(WebDriver browser, Started started) {
        String html = browser.getPageSource();
        assertFalse(html.contains(started.caseReference()), "no case reference");
        assertFalse(html.contains(started.officer().email()), "no officer");
        assertFalse(html.contains(started.portal().name()), "no portal");
        assertTrue(browser.findElements(By.id("approve")).isEmpty(), "no Approve button");
    }

    private static void assertUntouched(Started started, TestContact contact) {
        Confirmation row = ApprovalFixtures.confirmation(started.verificationId(), contact.id());
        assertTrue(row.status == Confirmation.Status.PENDING || row.status == Confirmation.Status.SENT, row.status.name());
        assertEquals(null, row.decision);
        assertEquals(null, row.answeredAt);
        assertEquals(VerificationState.PENDING_CONFIRMATION, verification(started.verificationId()).state);
    }

    private static Verification verification(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(id));
    }
}
