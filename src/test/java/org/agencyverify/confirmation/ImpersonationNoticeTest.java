package org.agencyverify.confirmation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.confirmation.WebhookAgencies.Contact;
import org.agencyverify.confirmation.WebhookAgencies.Request;
import org.agencyverify.confirmation.impersonation.ImpersonationDenial;
import org.agencyverify.confirmation.impersonation.ImpersonationNotice;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.GreenMailServer;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A denial helps the agency (issue 12, item 5), on the real servers: emailed requests started through CIBA
 * by real portals, denied by the agency's webhook contact with signed answers, and the impersonation
 * notices received by a real webhook receiver and, for an email contact, by GreenMail.
 */
@QuarkusTest
class ImpersonationNoticeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOTICE_TYPE = "impersonation.reported";
    private static final String MAIL_SUBJECT = "agency-verify: requests in the name of ";

    @Inject
    EnrolledAgencies agencies;
    @Inject
    AgencyFixtures agencyFixtures;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;
    @Inject
    Scheduler scheduler;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        scheduler.resume("outbox");
        receiver.close();
    }

    /** An agency whose contacts are a webhook (which answers in these tests) and an email mailbox. */
    private record Agency(TestAgency agency, Contact hook, String mailbox) {}

    private Agency agencyWithTwoContacts() {
        TestAgency agency = agencies.active();
        // The webhook first: a contact registered while another is ACTIVE would be announced to it.
        Contact hook = webhookAgencies.hmacContact(agency, receiver);
        String mailbox = "notices-" + UUID.randomUUID().toString().substring(0, 8) + "@contact.test";
        agencyFixtures.addEmailContact(agency.id(), AgencyContact.Level.SUPERVISOR, AgencyContact.Status.ACTIVE, mailbox, null);
        return new Agency(agency, hook, mailbox);
    }

    /** A CIBA start as the spec has it (client_secret_basic); answers its auth_req_id. */
    private static String emailedRequest(TestPortal portal, String sender, String caseReference, String digest) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", "law_enforcement_request");
        detail.put("purpose", "SUBPOENA");
        detail.put("case_reference", caseReference);
        if (digest != null) {
            detail.put("document_digest", Map.of("alg", "sha-256", "value", digest));
        }
        String details;
        try {
            details = JSON.writeValueAsString(List.of(detail));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return given().auth().preemptive().basic(portal.clientId(), portal.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("login_hint", sender).formParam("authorization_details", details)
                .post("/v1/ciba/authentication").then().statusCode(200).extract().path("auth_req_id");
    }

    /** The confirmation request the webhook contact got for the request in this case. */
    private Request awaitRequestFor(Contact contact, String caseReference) {
        Eventually.within(Duration.ofSeconds(20), () -> assertTrue(WebhookAgencies.requests(receiver, contact).stream()
                .anyMatch(r -> caseReference.equals(data(r).path("caseReference").asText()))));
        WebhookReceiver.Received received = WebhookAgencies.requests(receiver, contact).stream()
                .filter(r -> caseReference.equals(data(r).path("caseReference").asText())).findFirst().orElseThrow();
        return new Request(received.headers().get("webhook-id"), received.headers().get("webhook-timestamp"),
                received.headers().get("webhook-signature"), received.body(), data(received));
    }

    private static JsonNode data(WebhookReceiver.Received received) {
        return AgencySystem.json(received.body()).path("data");
    }

    /** The impersonation notices the webhook contact received. */
    private List<WebhookReceiver.Received> webhookNotices(Contact contact) {
        return receiver.received(contact.path()).stream()
                .filter(r -> NOTICE_TYPE.equals(AgencySystem.json(r.body()).path("type").asText())).toList();
    }

    /** The impersonation notices mailed to this address: subject and text. */
    private static List<String[]> mailedNotices(String address) {
        List<String[]> notices = new ArrayList<>();
        for (MimeMessage m : GreenMailServer.messagesTo(address)) {
            try {
                if (m.getSubject().startsWith(MAIL_SUBJECT)) {
                    notices.add(new String[] {m.getSubject(), m.getContent().toString(), m.getHeader("Message-ID")[0]});
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return notices;
    }

    private static List<ImpersonationNotice> noticeRows(UUID agencyId) {
        return QuarkusTransaction.requiringNew().call(() ->
                ImpersonationNotice.<ImpersonationNotice>list("agencyId = ?1 order by createdAt, id", agencyId));
    }

    private static String digest() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void twoDenialsOfOneSenderOnOneDayGiveEachContactOneNoticeNamingBoth() throws Exception {
        Agency a = agencyWithTwoContacts();
        TestPortal exchange = fixtures.portal();
        TestPortal bank = fixtures.portal();
        String sender = a.agency().email("sgt." + UUID.randomUUID().toString().substring(0, 6));
        String firstCase = unique("CASE") + " \"sealed\" \\ <b>x</b>";
        String secondCase = unique("CASE");
        String firstDigest = digest();
        String firstAuthReqId = emailedRequest(exchange, sender, firstCase, firstDigest);
        emailedRequest(bank, sender.toUpperCase(), secondCase, null);
        Request first = awaitRequestFor(a.hook(), firstCase);
        Request second = awaitRequestFor(a.hook(), secondCase);

        // Both denials committed before the notice goes out: it is written when it is sent, so it names both.
        scheduler.pause("outbox");
        WebhookAgencies.deny(a.hook(), first);
        WebhookAgencies.deny(a.hook(), second);
        List<ImpersonationNotice> queued = noticeRows(a.agency().id());
        assertEquals(2, queued.size(), "the first denial queues one notice per ACTIVE contact, the second none");
        assertTrue(queued.stream().allMatch(n -> n.status == ImpersonationNotice.Status.PENDING && n.sender.equals(sender)));
        scheduler.resume("outbox");

        given().auth().preemptive().basic(exchange.clientId(), exchange.secret()).contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "urn:openid:params:grant-type:ciba").formParam("auth_req_id", firstAuthReqId)
                .post("/v1/ciba/token").then().statusCode(400).body("error", equalTo("access_denied"));

        Eventually.within(Duration.ofSeconds(20), () -> {
            assertEquals(1, webhookNotices(a.hook()).size());
            assertEquals(1, mailedNotices(a.mailbox()).size());
        });

        // The webhook notice: signed with the contact's own secret, the sender, both portals and cases, no secret.
        WebhookReceiver.Received hook = webhookNotices(a.hook()).get(0);
        assertTrue(AgencySystem.hmacValid(a.hook().credential().hmacSecret(), hook.headers().get("webhook-id"),
                hook.headers().get("webhook-timestamp"), hook.body(), hook.headers().get("webhook-signature")));
        JsonNode data = data(hook);
        UUID webhookNoticeId = UUID.fromString(data.get("noticeId").asText().substring("imp_".length()));
        assertEquals(data.get("noticeId").asText(), hook.headers().get("webhook-id"));
        assertEquals(sender, data.get("sender").get("email").asText());
        assertEquals(a.agency().id().toString(), data.get("agencyId").asText());
        assertEquals(a.hook().id().toString(), data.get("contactId").asText());
        assertEquals(2, data.get("denied").asInt());
        assertEquals(2, data.get("portals").size());
        JsonNode atExchange = data.get("portals").get(0);
        assertEquals(exchange.name(), atExchange.get("name").asText());
        assertEquals(exchange.audience(), atExchange.get("audience").asText());
        assertEquals(1, atExchange.get("denied").asInt());
        assertEquals(firstCase, atExchange.get("requests").get(0).get("caseReference").asText());
        assertEquals(firstDigest, atExchange.get("requests").get(0).get("documentDigest").asText());
        assertEquals(first.data().get("verificationId").asText(), atExchange.get("requests").get(0).get("verificationId").asText());
        assertEquals("SUBPOENA", atExchange.get("requests").get(0).get("purpose").asText());
        JsonNode atBank = data.get("portals").get(1);
        assertEquals(bank.name(), atBank.get("name").asText());
        assertEquals(secondCase, atBank.get("requests").get(0).get("caseReference").asText());
        assertTrue(atBank.get("requests").get(0).get("documentDigest").isNull());
        assertFalse(hook.body().contains("\"secret\""), hook.body());
        assertFalse(hook.body().contains(first.secret()), "a confirmation's one-time secret never reaches a notice");

        // The email notice: the same facts, one per line, the case references quoted as data.
        String[] mail = mailedNotices(a.mailbox()).get(0);
        assertTrue(mail[0].contains(sender), mail[0]);
        String text = mail[1];
        assertTrue(text.contains("Sender:    " + sender), text);
        assertTrue(text.contains("2 requests at 2 portals"), text);
        assertTrue(text.contains(exchange.name() + " (" + exchange.audience() + "): 1 denied"), text);
        assertTrue(text.contains(bank.name() + " (" + bank.audience() + "): 1 denied"), text);
        assertTrue(text.contains("case \"" + firstCase.replace("\\", "\\\\").replace("\"", "\\\"") + "\"  document SHA-256 "
                + firstDigest), text);
        assertTrue(text.contains("case \"" + secondCase + "\"  no document digest"), text);
        assertFalse(text.contains("http://") && text.contains("/approve/"), "a notice carries no link to act on");
        assertTrue(mail[2].startsWith("<imp_"), mail[2]);

        // Delivered and audited once per contact.
        Eventually.within(Duration.ofSeconds(5), () -> assertTrue(noticeRows(a.agency().id()).stream()
                .allMatch(n -> n.status == ImpersonationNotice.Status.DELIVERED && n.denialsReported == 2)));
        assertEquals(1, agencyFixtures.audit(webhookNoticeId.toString(), "impersonation.notice-delivered").size());
        assertEquals(1, agencyFixtures.audit(first.data().get("verificationId").asText(), "impersonation.reported").size());
        assertEquals(0, agencyFixtures.audit(second.data().get("verificationId").asText(), "impersonation.reported").size());

        // A third denial of the same sender the same day: recorded, no further notice.
        String thirdCase = unique("CASE");
        emailedRequest(exchange, sender, thirdCase, null);
        WebhookAgencies.deny(a.hook(), awaitRequestFor(a.hook(), thirdCase));
        assertEquals(3L, QuarkusTransaction.requiringNew().call(() -> ImpersonationDenial.count("agencyId = ?1", a.agency().id())));
        Eventually.sleep(3000); // more than two runs of the outbox worker
        assertEquals(1, webhookNotices(a.hook()).size());
        assertEquals(1, mailedNotices(a.mailbox()).size());
        assertEquals(2, noticeRows(a.agency().id()).size());
    }

    @Test
    void aSecondSenderGivesASecondNotice() {
        Agency a = agencyWithTwoContacts();
        TestPortal portal = fixtures.portal();
        String one = a.agency().email("one." + UUID.randomUUID().toString().substring(0, 6));
        String other = a.agency().email("other." + UUID.randomUUID().toString().substring(0, 6));
        String oneCase = unique("CASE");
        String otherCase = unique("CASE");
        emailedRequest(portal, one, oneCase, null);
        emailedRequest(portal, other, otherCase, null);
        WebhookAgencies.deny(a.hook(), awaitRequestFor(a.hook(), oneCase));
        WebhookAgencies.deny(a.hook(), awaitRequestFor(a.hook(), otherCase));

        Eventually.within(Duration.ofSeconds(20), () -> {
            assertEquals(2, webhookNotices(a.hook()).size());
            assertEquals(2, mailedNotices(a.mailbox()).size());
        });
        Map<String, JsonNode> bySender = new LinkedHashMap<>();
        webhookNotices(a.hook()).forEach(r -> bySender.put(data(r).get("sender").get("email").asText(), data(r)));
        assertEquals(List.of(one, other).stream().sorted().toList(), bySender.keySet().stream().sorted().toList());
        assertEquals(oneCase, bySender.get(one).get("portals").get(0).get("requests").get(0).get("caseReference").asText());
        assertEquals(1, bySender.get(one).get("denied").asInt());
        assertEquals(otherCase, bySender.get(other).get("portals").get(0).get("requests").get(0).get("caseReference").asText());
        assertEquals(1, bySender.get(other).get("denied").asInt());
        assertTrue(mailedNotices(a.mailbox()).stream().anyMatch(m -> m[0].contains(one) && m[1].contains(oneCase)
                && !m[1].contains(otherCase)));
        assertTrue(mailedNotices(a.mailbox()).stream().anyMatch(m -> m[0].contains(other) && m[1].contains(otherCase)
                && !m[1].contains(oneCase)));
        assertEquals(4, noticeRows(a.agency().id()).size());
    }

    @Test
    void anApprovedEmailedRequestAndADeniedRestRequestGiveNoNotice() {
        Agency a = agencyWithTwoContacts();
        TestPortal portal = fixtures.portal();

        // An emailed request the agency approves.
        String approvedSender = a.agency().email("approved." + UUID.randomUUID().toString().substring(0, 6));
        String approvedCase = unique("CASE");
        emailedRequest(portal, approvedSender, approvedCase, null);
        Request approved = awaitRequestFor(a.hook(), approvedCase);
        AgencySystem.answer(approved.confirmationId(), a.hook().credential(), AgencySystem.decision("APPROVE", approved.secret()))
                .statusCode(200).body("verificationState", equalTo("APPROVED"));

        // A REST request of an enrolled officer, denied.
        VerificationFixtures.TestOfficer officer = fixtures.activeOfficer(a.agency());
        UUID rest = WebhookAgencies.start(a.agency(), portal, officer, "SUBPOENA");
        Eventually.within(Duration.ofSeconds(20), () -> assertTrue(WebhookAgencies.requests(receiver, a.hook()).stream()
                .anyMatch(r -> rest.toString().equals(data(r).path("verificationId").asText()))));
        WebhookReceiver.Received restRequest = WebhookAgencies.requests(receiver, a.hook()).stream()
                .filter(r -> rest.toString().equals(data(r).path("verificationId").asText())).findFirst().orElseThrow();
        AgencySystem.answer(UUID.fromString(data(restRequest).get("confirmationId").asText()), a.hook().credential(),
                AgencySystem.decision("DENY", data(restRequest).get("secret").asText()))
                .statusCode(200).body("verificationState", equalTo("DENIED"));

        // Then an emailed request denied: its notice is the only one, once the outbox has sent it.
        String deniedSender = a.agency().email("denied." + UUID.randomUUID().toString().substring(0, 6));
        String deniedCase = unique("CASE");
        emailedRequest(portal, deniedSender, deniedCase, null);
        WebhookAgencies.deny(a.hook(), awaitRequestFor(a.hook(), deniedCase));
        Eventually.within(Duration.ofSeconds(20), () -> {
            assertEquals(1, webhookNotices(a.hook()).size());
            assertEquals(1, mailedNotices(a.mailbox()).size());
        });
        Eventually.sleep(2500);
        assertEquals(1, webhookNotices(a.hook()).size());
        assertEquals(deniedSender, data(webhookNotices(a.hook()).get(0)).get("sender").get("email").asText());
        assertEquals(1, mailedNotices(a.mailbox()).size());
        assertTrue(noticeRows(a.agency().id()).stream().allMatch(n -> n.sender.equals(deniedSender)));
        assertEquals(2, noticeRows(a.agency().id()).size());
        assertNull(QuarkusTransaction.requiringNew().call(() -> ImpersonationDenial.findById(rest)),
                "a REST request's denial is no emailed request's");
        assertNull(QuarkusTransaction.requiringNew().call(() ->
                ImpersonationDenial.findById(UUID.fromString(approved.data().get("verificationId").asText()))));
        assertEquals(1, agencyFixtures.audit(rest.toString(), "verification.denied").size());
        assertEquals(0, agencyFixtures.audit(rest.toString(), "impersonation.reported").size());
    }
}
