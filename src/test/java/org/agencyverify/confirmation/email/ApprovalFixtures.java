package org.agencyverify.confirmation.email;

import static io.restassured.RestAssured.given;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Email contacts with real Keycloak users (password, and a TOTP authenticator whose secret the test holds). */
@ApplicationScoped
class ApprovalFixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestIdentities identities;
    private final EnrolledAgencies agencies;
    private final VerificationFixtures verifications;
    private final AgencyFixtures agencyFixtures;

    ApprovalFixtures(TestIdentities identities, EnrolledAgencies agencies, VerificationFixtures verifications,
            AgencyFixtures agencyFixtures, AgencyVerifyConfig config) {
        this.identities = identities;
        this.agencies = agencies;
        this.verifications = verifications;
        this.agencyFixtures = agencyFixtures;
        ApprovalRealm.ensure(config.keycloak().url(), config.keycloak().realm());
    }

    record TestContact(UUID id, String keycloakUserId, String email, String password, String totpSecret) {
        String otp() {
            return BrowserlessLogin.totp(totpSecret, Instant.now().getEpochSecond());
        }
    }

    /** An agency, its active officer and a portal, and a verification that asked these contacts. */
    record Started(TestAgency agency, TestOfficer officer, TestPortal portal, UUID verificationId, String caseReference) {}

    TestAgency agency() {
        return agencies.active();
    }

    /** An ACTIVE email contact of the agency whose Keycloak user has a password and, if asked, a TOTP authenticator. */
    TestContact contact(UUID agencyId, boolean withOtp) {
        String email = "contact-" + UUID.randomUUID().toString().substring(0, 10) + "@contacts.test";
        String password = "pw-" + UUID.randomUUID();
        String secret = withOtp ? secret() : null;
        UserRepresentation user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setFirstName("Dana");
        user.setLastName("Records");
        user.setEnabled(true);
        CredentialRepresentation pwd = new CredentialRepresentation();
        pwd.setType(CredentialRepresentation.PASSWORD);
        pwd.setValue(password);
        pwd.setTemporary(false);
        if (withOtp) {
            CredentialRepresentation otp = new CredentialRepresentation();
            otp.setType("otp");
            otp.setUserLabel("test phone");
            otp.setSecretData("{\"value\":\"" + secret + "\"}");
            otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"period\":30,\"algorithm\":\"HmacSHA1\",\"counter\":0}");
            user.setCredentials(List.of(pwd, otp));
        } else {
            user.setCredentials(List.of(pwd));
        }
        String userId;
        try (Response response = identities.realm().users().create(user)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("Keycloak refused the contact user: HTTP " + response.getStatus());
            }
            String path = response.getLocation().getPath();
            userId = path.substring(path.lastIndexOf('/') + 1);
        }
        identities.realm().users().get(userId).roles().realmLevel().add(List.of(identities.realm().roles().get(Roles.CONTACT).toRepresentation()));
        UUID contactId = agencyFixtures.addEmailContact(agencyId, AgencyContact.Level.STANDARD, AgencyContact.Status.ACTIVE,
                email, userId);
        return new TestContact(contactId, userId, email, password, secret);
    }

    /** A SUBPOENA verification started by a real officer through a real portal; the agency's contacts are asked. */
    Started start(TestAgency agency) {
        TestOfficer officer = verifications.activeOfficer(agency);
        TestPortal portal = verifications.portal();
        Map<String, Object> body = VerificationFixtures.body(officer.email(), agency.domain(),
                VerificationFixtures.password(officer.password(), officer.nextOtp()), "SUBPOENA");
        body.put("audience", portal.audience());
        String id = given().header("Authorization", portal.bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/verifications").then().statusCode(202).extract().path("id");
        return new Started(agency, officer, portal, UUID.fromString(id), (String) body.get("caseReference"));
    }

    static Confirmation confirmation(UUID verificationId, UUID contactId) {
        return QuarkusTransaction.requiringNew().call(() -> Confirmation.<Confirmation>find(
                "verificationId = ?1 and contactId = ?2", verificationId, contactId).singleResult());
    }

    /** Keycloak's login pages as a person fills them in: username and password, then the one-time code. */
    static void signIn(WebDriver browser, TestContact contact, String appBase) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(contact.email());
        browser.findElement(By.id("password")).sendKeys(contact.password());
        browser.findElement(By.id("kc-login")).click();
        if (contact.totpSecret() != null) {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("otp"))).sendKeys(contact.otp());
            browser.findElement(By.id("kc-login")).click();
        }
        try {
            // The code flow ends in redirects: wait for the page they end on to have loaded, not just begun.
            wait.until(d -> d.getCurrentUrl().startsWith(appBase) && !d.findElements(By.tagName("main")).isEmpty()
                    && "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
        } catch (org.openqa.selenium.TimeoutException e) {
            String page = browser.getPageSource();
            throw new AssertionError("sign-in did not end on the approval page: " + browser.getCurrentUrl() + "\n"
                    + page.substring(0, Math.min(page.length(), 2000)), e);
        }
    }

    private static String secret() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            secret.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return secret.toString();
    }
}
