package org.agencyverify.confirmation.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.agencyverify.confirmation.email.ApprovalFixtures.Started;
import org.agencyverify.confirmation.email.ApprovalFixtures.TestContact;
import org.agencyverify.contact.GreenMailServer;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.HeadlessChromium;
import org.agencyverify.verification.Confirmation;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationState;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The email channel end to end on the real servers: the mail in GreenMail, the approval page in real
 * headless Chromium, the sign-in at the real Keycloak with password and TOTP.
 */
@QuarkusTest
@TestProfile(EmailApprovalTest.WithMail.class)
class EmailApprovalTest {

    public static class WithMail implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(GreenMailServer.class));
        }
    }

    @Inject
    ApprovalFixtures fixtures;

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
    void anotherSignedInContactGets403AndNothingOfTheRequest() {
        Scene scene = scene(true);
        TestContact colleague = fixtures.contact(scene.started().agency().id(), true);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            WebDriver browser = chromium.driver();
            openSignedIn(browser, scene.confirmation().id, colleague);
            assertEquals("Nothing to confirm here", browser.findElement(By.tagName("h1")).getText());
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
            assertEquals("Sign in with your one-time code", browser.findElement(By.tagName("h1")).getText());
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
            assertEquals("This form cannot be used", browser.findElement(By.tagName("h1")).getText());
            browser.navigate().back();
            browser.executeScript("document.querySelector('input[name=csrf]').value = 'forged'");
            submit(browser, "approve");
            assertEquals("This form cannot be used", browser.findElement(By.tagName("h1")).getText());
        }
        assertUntouched(scene.started(), scene.asked());
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
        assertEquals(Confirmation.Status.PENDING, row.status);
        assertEquals(null, row.decision);
        assertEquals(VerificationState.PENDING_CONFIRMATION, verification(started.verificationId()).state);
    }

    private static Verification verification(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(id));
    }

    /** Clicks the button and waits for the next page to replace this one. */
    static void submit(WebDriver browser, String buttonId) {
        WebElement current = browser.findElement(By.tagName("main"));
        browser.findElement(By.id(buttonId)).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(current));
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
