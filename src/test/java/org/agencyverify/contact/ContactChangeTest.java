package org.agencyverify.contact;

import static io.restassured.RestAssured.given;
import static org.agencyverify.contact.ContactTestData.email;
import static org.agencyverify.contact.ContactTestData.emailContact;
import static org.agencyverify.contact.ContactTestData.hookUrl;
import static org.agencyverify.contact.ContactTestData.webhookContact;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.contact.webhook.Ed25519Keys;
import org.agencyverify.contact.webhook.WebhookSecrets;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.change.ContactChange;
import org.agencyverify.contact.change.ContactNotification;
import org.agencyverify.contact.webhook.StandardWebhooks;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.ShortCoolDown;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proposed contact changes against real servers: a short cool-down, the outbox worker delivering
 * over real SMTP (GreenMail) and to a real HTTP receiver that checks our signatures.
 */
@QuarkusTest
@TestProfile(ShortCoolDown.class)
class ContactChangeTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    TestIdentities identities;

    @Inject
    OperatorChanges operators;

    @ConfigProperty(name = "agency-verify.webhooks.signing-public-key")
    String servicePublicKey;

    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** An agency with an email contact and an HMAC webhook contact (receiver), and its admin. */
    private record Setup(UUID agency, String operator, TestUser admin, String emailContactId, String email,
            String hookPath, String hookSecret, String hookContactId) {}

    private Setup setup() {
        UUID agency = ContactTestData.agency();
        String operator = identities.user(Roles.OPERATOR).bearer();
        String email = email();
        String emailContactId = operators.registerContact(agency, emailContact(email)).id().toString();
        String path = "/hooks/" + UUID.randomUUID();
        OperatorChanges.Registered hook = operators.registerContact(agency, webhookContact(receiver.url(path)));
        TestUser admin = identities.user(Roles.AGENCY_ADMIN);
        ContactTestData.admin(agency, admin);
        return new Setup(agency, operator, admin, emailContactId, email, path, hook.webhookSecret(), hook.id().toString());
    }

    private static ValidatableResponse propose(String bearer, UUID agency, Map<String, ?> body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .post("/v1/agencies/" + agency + "/contacts/proposals").then();
    }

    @Test
    void addedContactWaitsForCoolDownAndNotificationsThenBecomesActive() throws Exception {
        Setup s = setup();
        String newEmail = email();
        var proposed = propose(s.admin().bearer(), s.agency(), Map.of("action", "ADD", "contact", emailContact(newEmail)))
                .statusCode(202)
                .body("change.status", equalTo("PENDING"))
                .body("change.contact.status", equalTo("PENDING"))
                .body("change.notificationsTotal", equalTo(2))
                .body("change.effectiveAt", notNullValue())
                .extract();
        String changeId = proposed.path("change.id");
        String contactId = proposed.path("change.contact.id");
        Instant effectiveAt = Instant.parse(proposed.path("change.effectiveAt"));
        String userId = contact(contactId).keycloakUserId;
        assertFalse(identities.realm().users().get(userId).toRepresentation().isEnabled(), "no sign-in while pending");

        // The webhook contact is told, with a Standard Webhooks HMAC signature made with its secret.
        Eventually.within(WAIT, () -> assertEquals(1, receiver.received(s.hookPath()).size()));
        WebhookReceiver.Received hook = receiver.received(s.hookPath()).get(0);
        assertTrue(StandardWebhooks.verifyHmac(WebhookSecrets.keyBytes(s.hookSecret()), hook.headers().get("webhook-id"),
                Long.parseLong(hook.headers().get("webhook-timestamp")), hook.body(), hook.headers().get("webhook-signature")));
        assertTrue(hook.body().contains("\"contact.change.proposed\"") && hook.body().contains(changeId));
        // The email contact is told over SMTP (it was told of the webhook contact's registration before).
        Eventually.within(WAIT, () -> assertTrue(mailAbout(s.email(), changeId).isPresent()));
        String mail = mailAbout(s.email(), changeId).get();
        assertTrue(mail.contains(newEmail));
        if (Instant.now().isBefore(effectiveAt.minusMillis(700))) {
            assertEquals(AgencyContact.Status.PENDING, contact(contactId).status, "not before the cool-down");
        }

        Eventually.within(WAIT, () -> assertEquals(AgencyContact.Status.ACTIVE, contact(contactId).status));
        assertFalse(Instant.now().isBefore(effectiveAt));
        assertTrue(identities.realm().users().get(userId).toRepresentation().isEnabled());
        assertEquals(ContactChange.Status.APPLIED, change(changeId).status);
        audit(changeId, "contact.change-proposed");
        audit(changeId, "contact.change-applied");
        given().header("Authorization", s.admin().bearer()).get("/v1/agencies/" + s.agency() + "/contacts/proposals").then()
                .statusCode(200).body("items.status", hasItem("APPLIED")).body("items[0].notificationsPending", equalTo(0));
    }

    @Test
    void undeliveredNotificationHoldsTheChangeBeyondTheCoolDown() {
        Setup s = setup();
        receiver.answer(500);
        String changeId = propose(s.admin().bearer(), s.agency(), Map.of("action", "REMOVE", "contactId", s.emailContactId()))
                .statusCode(202).body("change.action", equalTo("REMOVE")).extract().path("change.id");
        Instant effectiveAt = change(changeId).effectiveAt;

        Eventually.within(WAIT, () -> {
            assertTrue(Instant.now().isAfter(effectiveAt.plusSeconds(1)));
            assertTrue(notificationTo(changeId, s.hookContactId()).attempts >= 2);
        });
        ContactNotification failing = notificationTo(changeId, s.hookContactId());
        assertEquals(ContactNotification.Status.PENDING, failing.status);
        assertEquals("webhook: HTTP 500", failing.lastError);
        assertEquals(ContactChange.Status.PENDING, change(changeId).status);
        assertEquals(AgencyContact.Status.ACTIVE, contact(s.emailContactId()).status);

        receiver.answer(204);
        Eventually.within(WAIT, () -> assertEquals(AgencyContact.Status.REMOVED, contact(s.emailContactId()).status));
        assertFalse(identities.realm().users().get(contact(s.emailContactId()).keycloakUserId).toRepresentation().isEnabled());
        // Every attempt carried the same webhook-id, so the receiver can drop repeats.
        assertEquals(1L, receiver.received(s.hookPath()).stream().map(r -> r.headers().get("webhook-id")).distinct().count());
    }

    @Test
    void ed25519ContactsGetNoticesSignedWithTheServiceKey() {
        UUID agency = ContactTestData.agency();
        String path = "/ed/" + UUID.randomUUID();
        operators.registerContact(agency, ContactTestData.webhookContact(receiver.url(path), ContactTestData.ed25519PublicKey()));
        TestUser admin = identities.user(Roles.AGENCY_ADMIN);
        ContactTestData.admin(agency, admin);
        var proposed = propose(admin.bearer(), agency, Map.of("action", "ADD", "contact", webhookContact(hookUrl())))
                .statusCode(202).extract();
        assertTrue(((String) proposed.path("webhookSecret")).startsWith("whsec_"), "the proposed HMAC contact's secret, once");
        Eventually.within(WAIT, () -> assertEquals(1, receiver.received(path).size()));
        WebhookReceiver.Received hook = receiver.received(path).get(0);
        assertTrue(StandardWebhooks.verifyEd25519(Ed25519Keys.parse(servicePublicKey).orElseThrow(),
                hook.headers().get("webhook-id"), Long.parseLong(hook.headers().get("webhook-timestamp")), hook.body(),
                hook.headers().get("webhook-signature")));
        Eventually.within(WAIT, () -> assertEquals(AgencyContact.Status.ACTIVE,
                contact(proposed.path("change.contact.id")).status));
    }

    @Test
    void badProposalsAreRefusedAndCreateNothing() {
        Setup s = setup();
        String admin = s.admin().bearer();
        propose(admin, s.agency(), Map.of("action", "ADD")).statusCode(400).body("errors.field", hasItem("contact"));
        propose(admin, s.agency(), Map.of("action", "REMOVE")).statusCode(400).body("errors.field", hasItem("contactId"));
        propose(admin, s.agency(), Map.of("contactId", s.emailContactId())).statusCode(400).body("errors.field", hasItem("action"));
        propose(admin, s.agency(), Map.of("action", "REMOVE", "contactId", UUID.randomUUID().toString())).statusCode(404)
                .body("type", equalTo(ProblemType.NOT_FOUND.uri()));
        TestUser officer = identities.userWithEmail(email(), Roles.OFFICER);
        propose(admin, s.agency(), Map.of("action", "ADD", "contact", emailContact(officer.email()))).statusCode(400)
                .body("errors.field", hasItem("channel.email"));
        propose(admin, s.agency(), Map.of("action", "ADD", "contact", webhookContact("http://10.0.0.8/x"))).statusCode(400)
                .body("errors.field", hasItem("channel.url"));
        assertEquals(0L, changes(s.agency()));

        receiver.answer(500);
        propose(admin, s.agency(), Map.of("action", "REMOVE", "contactId", s.emailContactId())).statusCode(202);
        propose(admin, s.agency(), Map.of("action", "REMOVE", "contactId", s.emailContactId())).statusCode(409)
                .body("type", equalTo(ProblemType.CONFLICT.uri()));
        assertEquals(1L, changes(s.agency()));

        // An agency without active contacts has nobody to notify: an operator registers the first ones.
        UUID empty = ContactTestData.agency();
        TestUser emptyAdmin = identities.user(Roles.AGENCY_ADMIN);
        ContactTestData.admin(empty, emptyAdmin);
        propose(emptyAdmin.bearer(), empty, Map.of("action", "ADD", "contact", webhookContact(hookUrl()))).statusCode(409);
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> AgencyContact.count("agencyId", empty)));
    }

    @Test
    void onlyTheAgencysOwnAdminsMayPropose() {
        Setup a = setup();
        UUID agencyB = ContactTestData.agency();
        Map<String, Object> add = Map.of("action", "ADD", "contact", webhookContact(hookUrl()));
        propose(a.admin().bearer(), agencyB, add).statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
        propose(a.operator(), a.agency(), add).statusCode(403);
        propose(identities.user(Roles.OFFICER).bearer(), a.agency(), add).statusCode(403);
        propose(identities.user(Roles.CONTACT).bearer(), a.agency(), add).statusCode(403);
        given().contentType(ContentType.JSON).body(add).post("/v1/agencies/" + a.agency() + "/contacts/proposals")
                .then().statusCode(401).body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        assertEquals(0L, changes(a.agency()) + changes(agencyB));

        given().get("/v1/agencies/" + a.agency() + "/contacts/proposals").then().statusCode(401);
        given().header("Authorization", a.admin().bearer()).get("/v1/agencies/" + agencyB + "/contacts/proposals")
                .then().statusCode(403);
        given().header("Authorization", identities.user(Roles.PORTAL).bearer())
                .get("/v1/agencies/" + a.agency() + "/contacts/proposals").then().statusCode(403);
        given().header("Authorization", a.operator()).get("/v1/agencies/" + a.agency() + "/contacts/proposals")
                .then().statusCode(200);
        given().header("Authorization", a.operator()).get("/v1/agencies/" + UUID.randomUUID() + "/contacts/proposals")
                .then().statusCode(404);
    }

    /** The text of the mail to this address that names this change, once it came. */
    private static java.util.Optional<String> mailAbout(String address, String changeId) {
        return Arrays.stream(mailTo(address)).map(m -> {
            try {
                return m.getContent().toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(text -> text.contains(changeId)).findFirst();
    }

    private static MimeMessage[] mailTo(String address) {
        return Arrays.stream(GreenMailServer.mail().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toArray(MimeMessage[]::new);
    }

    private static AgencyContact contact(String id) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyContact.<AgencyContact>findById(UUID.fromString(id)));
    }

    private static ContactChange change(String id) {
        return QuarkusTransaction.requiringNew().call(() -> ContactChange.<ContactChange>findById(UUID.fromString(id)));
    }

    /** The agency admins' proposals (the setup's contacts came through operators' changes). */
    private static long changes(UUID agency) {
        return QuarkusTransaction.requiringNew().call(() -> ContactChange.count("agencyId = ?1 and proposedBy like ?2", agency,
                Roles.AGENCY_ADMIN + ":%"));
    }

    private static ContactNotification notificationTo(String changeId, String contactId) {
        return QuarkusTransaction.requiringNew().call(() -> ContactNotification.<ContactNotification>find(
                "changeId = ?1 and contactId = ?2", UUID.fromString(changeId), UUID.fromString(contactId)).firstResult());
    }

    private static void audit(String subjectId, String action) {
        assertTrue(QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("subjectId = ?1 and action = ?2",
                subjectId, action)) > 0, "no audit event " + action);
    }
}
