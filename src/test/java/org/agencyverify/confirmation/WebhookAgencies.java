package org.agencyverify.confirmation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.confirmation.AgencySystem.Credential;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;

/** Agencies whose contact is a webhook the test answers for: registered, asked, and approving. */
@ApplicationScoped
public class WebhookAgencies {

    /** A registered webhook contact: its id, where its requests land, and how it signs. */
    public record Contact(UUID id, String path, Credential credential) {}

    /** One confirmation request as the agency's system received it. */
    public record Request(String webhookId, String timestamp, String signature, String body, JsonNode data) {
        public UUID confirmationId() {
            return UUID.fromString(data.get("confirmationId").asText());
        }

        public String secret() {
            return data.get("secret").asText();
        }
    }

    private final OperatorChanges operators;

    WebhookAgencies(OperatorChanges operators) {
        this.operators = operators;
    }

    /** Registers an HMAC webhook contact at this URL (an operator's change, approved by a second one); answers its id. */
    public UUID webhookContact(TestAgency agency, String url, String level) {
        return operators.registerContact(agency.id(), Map.of("name", "Records system", "role", "records system", "level", level,
                "channel", Map.of("type", "WEBHOOK", "url", url))).id();
    }

    public Contact hmacContact(TestAgency agency, WebhookReceiver receiver) {
        String path = "/hooks/" + UUID.randomUUID();
        OperatorChanges.Registered registered = operators.registerContact(agency.id(), Map.of("name", "Records system",
                "role", "records system", "level", "SUPERVISOR", "channel", Map.of("type", "WEBHOOK", "url", receiver.url(path))));
        return new Contact(registered.id(), path, Credential.withHmac(registered.webhookSecret()));
    }

    public Contact ed25519Contact(TestAgency agency, WebhookReceiver receiver) {
        String path = "/hooks/" + UUID.randomUUID();
        Credential credential = Credential.freshEd25519();
        OperatorChanges.Registered registered = operators.registerContact(agency.id(), Map.of("name", "Records system",
                "role", "records system", "level", "SUPERVISOR",
                "channel", Map.of("type", "WEBHOOK", "url", receiver.url(path), "publicKey", credential.publicKey())));
        return new Contact(registered.id(), path, credential);
    }

    public static UUID start(TestAgency agency, TestPortal portal, TestOfficer officer, String purpose) {
        String id = given().header("Authorization", portal.bearer()).contentType(ContentType.JSON)
                .body(VerificationFixtures.body(officer.email(), agency.domain(),
                        VerificationFixtures.password(officer.password(), officer.nextOtp()), purpose))
                .post("/v1/verifications").then().statusCode(202).extract().path("id");
        return UUID.fromString(id);
    }

    /** The first confirmation request the contact received (waiting for the outbox to deliver it); change notices aside. */
    public static Request awaitRequest(WebhookReceiver receiver, Contact contact) {
        Eventually.within(Duration.ofSeconds(20), () -> assertFalse(requests(receiver, contact).isEmpty()));
        WebhookReceiver.Received received = requests(receiver, contact).get(0);
        return new Request(received.headers().get("webhook-id"), received.headers().get("webhook-timestamp"),
                received.headers().get("webhook-signature"), received.body(), AgencySystem.json(received.body()).get("data"));
    }

    /** What the contact received that asks it to confirm (it is also told of changes to the agency's contacts). */
    public static List<WebhookReceiver.Received> requests(WebhookReceiver receiver, Contact contact) {
        return receiver.received(contact.path()).stream()
                .filter(r -> "verification.confirmation_requested".equals(AgencySystem.json(r.body()).path("type").asText())).toList();
    }

    /** The contact approves its request, properly signed. */
    public static void approve(Contact contact, Request request) {
        AgencySystem.answer(request.confirmationId(), contact.credential(), AgencySystem.decision("APPROVE", request.secret()))
                .statusCode(200);
    }

    /** The contact denies its request, properly signed. */
    public static void deny(Contact contact, Request request) {
        AgencySystem.answer(request.confirmationId(), contact.credential(), AgencySystem.decision("DENY", request.secret()))
                .statusCode(200);
    }
}
