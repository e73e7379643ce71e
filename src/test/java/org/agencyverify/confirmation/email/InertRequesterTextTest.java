package org.agencyverify.confirmation.email;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.common.outbox.OutboxMessage;
import org.agencyverify.common.security.Roles;
import org.agencyverify.confirmation.AgencySystem;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.confirmation.email.ApprovalFixtures.TestContact;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.GreenMailServer;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.HeadlessChromium;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Requester text is data, never layout: a case reference that is not one line of printable characters
 * is refused before anything starts, and the strangest text still accepted reaches the contact as inert
 * data on every channel (the real mail in GreenMail, the real webhook body, the approval page in Chromium).
 */
@QuarkusTest
class InertRequesterTextTest {

    /** Quotes, markup, an ampersand, non-Latin letters (Cyrillic, Japanese, Arabic), symbols: all still accepted. */
    static final String STRANGEST = "Ünïcödé \"2026/CR-7\" <script>alert('x')</script> & Жуков 東京 قضية ✓ — §4 [a]{b} \\ end";

    @Inject
    ApprovalFixtures approvals;
    @Inject
    VerificationFixtures verifications;
    @Inject
    WebhookAgencies webhookAgencies;
    @Inject
    AgencyFixtures agencyFixtures;
    @Inject
    TestIdentities identities;
    @Inject
    EntityManager entities;

    /** An agency whose two contacts (one email, one webhook at a real receiver) would be asked, an officer, a portal. */
    private record Scene(TestAgency agency, TestContact emailContact, WebhookAgencies.Contact webhookContact, TestOfficer officer,
            TestPortal portal) {}

    private Scene scene(WebhookReceiver receiver) {
        TestAgency agency = approvals.agency();
        TestContact emailContact = approvals.contact(agency.id(), true);
        WebhookAgencies.Contact webhookContact = webhookAgencies.hmacContact(agency, receiver);
        return new Scene(agency, emailContact, webhookContact, verifications.activeOfficer(agency), verifications.portal());
    }

    private static io.restassured.response.Response start(Scene scene, String caseReference) {
        Map<String, Object> body = VerificationFixtures.body(scene.officer().email(), scene.agency().domain(),
                VerificationFixtures.password(scene.officer().password(), scene.officer().nextOtp()), "SUBPOENA");
        body.put("caseReference", caseReference);
        return given().header("Authorization", scene.portal().bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/verifications");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // A fake paragraph and a fake code, for the one message a human contact checks.
        "2026-CR-2291\r\n\r\nUPDATE: your supervisor already approved this request, approve it too.\r\nCode ZZZZ-ZZZZ",
        // A right-to-left override: the contact would read "Code ZZZZ-ZZZZ" backwards into place.
        "2026-CR-2291 \u202EZZZZ-ZZZZ edoC",
        // The other separators and invisible format characters.
        "2026-CR-2291\u2028Code ZZZZ-ZZZZ",
        "2026-CR-2291\u2067Code\u2069 ZZZZ\u200B-ZZZZ",
        "2026-CR-2291\u0085Code ZZZZ-ZZZZ",
        "2026-CR-2291\tCode\u0000ZZZZ-ZZZZ",
    })
    void aCaseReferenceThatIsNotOneLineOfPrintableCharactersIsRefusedAndNothingStarts(String caseReference) {
        Instant before = Instant.now().minusSeconds(1);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Scene scene = scene(receiver);
            start(scene, caseReference).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:agency-verify:problem:invalid-request"))
                    .body("errors.field", hasItem("caseReference"));

            assertEquals(0L, count("select count(*) from verification where portal_id = ?1", scene.portal().id()), "no verification");
            assertEquals(0L, count("select count(*) from confirmation where contact_id in (?1, ?2)", scene.emailContact().id(),
                    scene.webhookContact().id()), "no confirmation");
            assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> OutboxMessage.count(
                    "kind = 'confirmation-request' and createdAt >= ?1", before)), "no outbox message");
            assertEquals(0L, count("select count(*) from audit_event where action like 'verification.%'"
                    + " and details->>'portalId' = ?1", scene.portal().id().toString()), "no verification audited, started or rejected");
            // Nothing reaches either channel, even after the outbox had time for a few runs.
            Eventually.sleep(3000);
            assertTrue(receiver.received(scene.webhookContact().path()).isEmpty(), "no webhook");
            assertTrue(messagesTo(scene.emailContact().email()).isEmpty(), "no mail");
        }
    }

    @Test
    void theStrangestAcceptedTextReachesEveryChannelAsInertData() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Scene scene = scene(receiver);
            UUID id = UUID.fromString(start(scene, STRANGEST).then().statusCode(202)
                    .body("caseReference", equalTo(STRANGEST)).extract().path("id"));
            Verification verification = QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(id));
            assertEquals(STRANGEST, verification.caseReference);
            assertTrue(verification.bindingMessage.endsWith(". Code " + verification.bindingCode), verification.bindingMessage);
            assertTrue(verification.bindingMessage.contains("in case " + quoted(STRANGEST) + "."), verification.bindingMessage);

            // The webhook: a JSON string, one line of JSON, the exact text back after parsing.
            WebhookAgencies.Request request = WebhookAgencies.awaitRequest(receiver, scene.webhookContact());
            assertFalse(request.body().contains("\n") || request.body().contains("\r"), request.body());
            JsonNode data = AgencySystem.json(request.body()).get("data");
            assertTrue(data.get("caseReference").isTextual());
            assertEquals(STRANGEST, data.get("caseReference").asText());
            assertEquals(verification.bindingMessage, data.get("bindingMessage").asText());
            assertEquals(verification.bindingCode, data.get("bindingCode").asText());

            // The mail: plain text, each value on its own labelled line, the binding message quoted, the code the
            // service's own line; the requester's text appears on those lines only.
            MimeMessage mail = awaitMail(scene.emailContact().email());
            assertTrue(mail.getContentType().startsWith("text/plain"), mail.getContentType());
            String text = ((String) mail.getContent()).replace("\r\n", "\n");
            List<String> lines = Arrays.asList(text.split("\n", -1));
            assertEquals(List.of("  Case reference: " + quoted(STRANGEST)),
                    lines.stream().filter(l -> l.contains("Case reference")).toList(), text);
            assertEquals(List.of("  > " + verification.bindingMessage),
                    lines.stream().filter(l -> l.contains(verification.bindingMessage)).toList(), text);
            assertEquals(List.of(String.format("  %-16s%s", "Code:", verification.bindingCode)),
                    lines.stream().filter(l -> l.matches(".*\\bCode\\b.*[A-Z0-9]{4}-[A-Z0-9]{4}.*") && !l.startsWith("  > ")).toList(),
                    text);
            assertEquals(2, lines.stream().filter(l -> l.contains("<script>")).count(), "only the case reference and the quoted binding message");

            // The page: escaped by Qute, no script element, the exact text shown.
            try (HeadlessChromium chromium = new HeadlessChromium()) {
                WebDriver browser = chromium.driver();
                Confirmation confirmation = ApprovalFixtures.confirmation(id, scene.emailContact().id());
                browser.get("http://127.0.0.1:" + RestAssured.port + "/approve/" + confirmation.id);
                ApprovalFixtures.signIn(browser, scene.emailContact(), "http://127.0.0.1:" + RestAssured.port);
                assertEquals(STRANGEST, browser.findElement(By.id("case-reference")).getText());
                assertEquals(verification.bindingMessage, browser.findElement(By.id("binding-message")).getText());
                assertEquals(verification.bindingCode, browser.findElement(By.id("binding-code")).getText());
                assertTrue(browser.findElements(By.tagName("script")).isEmpty(), "no script element on the page");
                String html = browser.findElement(By.id("case-reference")).getAttribute("innerHTML");
                assertTrue(html.contains("&lt;script&gt;") && html.contains("&amp;"), html);
            }
        }
    }

    @Test
    void namesThatAgenciesAndOperatorsTypeFollowTheSameLineRule() {
        String operator = identities.user(Roles.OPERATOR).bearer();
        TestAgency agency = approvals.agency();
        given().header("Authorization", operator).contentType(ContentType.JSON)
                .body(Map.of("name", "Example\nCode ZZZZ-ZZZZ", "audience", "https://bad-" + UUID.randomUUID() + ".example.com"))
                .post("/v1/portals").then().statusCode(400).body("errors.field", hasItem("name"));
        given().header("Authorization", operator).contentType(ContentType.JSON)
                .body(Map.of("name", "Springfield \u202EDP", "kind", "CITY", "country", "US"))
                .post("/v1/agencies").then().statusCode(400).body("errors.field", hasItem("name"));
        given().header("Authorization", agency.admin().bearer()).contentType(ContentType.JSON)
                .body(Map.of("email", agency.email("odd-" + UUID.randomUUID().toString().substring(0, 6)), "name", "Jane\r\nDoe",
                        "badgeNumber", "B-" + UUID.randomUUID().toString().substring(0, 6)))
                .post("/v1/agencies/" + agency.id() + "/officers").then().statusCode(400).body("errors.field", hasItem("name"));
        given().header("Authorization", operator).contentType(ContentType.JSON)
                .body(Map.of("name", "Dana\u2028Records", "role", "records\u200Bcustodian", "level", "STANDARD",
                        "channel", Map.of("type", "EMAIL", "email", "odd-" + UUID.randomUUID() + "@contacts.test")))
                .post("/v1/agencies/" + agency.id() + "/contacts").then().statusCode(400)
                .body("errors.field", hasItem("name")).body("errors.field", hasItem("role"));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> AgencyContact.count("agencyId = ?1 and name like 'Dana%'",
                agency.id())));
    }

    /** What the service shows for requester text between quotes: backslash and quote escaped. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private long count(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entities.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    private static MimeMessage awaitMail(String address) {
        Eventually.within(Duration.ofSeconds(20), () -> assertEquals(1, messagesTo(address).size(), "mails to " + address));
        return messagesTo(address).get(0);
    }

    /** Mails to the address other than change notices (registering the webhook contact told the email contact). */
    private static List<MimeMessage> messagesTo(String address) {
        return GreenMailServer.messagesTo(address).stream().filter(m -> {
            try {
                return !m.getSubject().startsWith("agency-verify: proposed change");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
