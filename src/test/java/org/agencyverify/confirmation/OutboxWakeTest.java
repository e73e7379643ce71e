package org.agencyverify.confirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.outbox.OutboxMessage;
import org.agencyverify.confirmation.WebhookAgencies.Contact;
import org.agencyverify.confirmation.WebhookAgencies.Request;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.verification.VerificationFixtures;
import org.junit.jupiter.api.Test;

/**
 * A confirmation request goes out when the start that queued it commits, not at the worker's next
 * scheduled run: here the schedule's first run is an hour away, so only the wake-up can send it.
 */
@QuarkusTest
@TestProfile(OutboxWakeTest.ScheduleAnHourAway.class)
class OutboxWakeTest {

    public static class ScheduleAnHourAway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agency-verify.outbox.worker-interval", "1h", "agency-verify.outbox.worker-delay", "1h");
        }
    }

    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;

    @Test
    void theRequestGoesOutWhenTheStartCommits() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            TestAgency agency = agencies.active();
            Contact contact = webhookAgencies.hmacContact(agency, receiver);
            UUID id = WebhookAgencies.start(agency, fixtures.portal(), fixtures.activeOfficer(agency), "SUBPOENA");

            Request request = WebhookAgencies.awaitRequest(receiver, contact);
            assertEquals(id.toString(), request.data().get("verificationId").asText());
            Eventually.within(Duration.ofSeconds(5), () -> assertEquals(OutboxMessage.Status.DELIVERED, message(request.confirmationId()).status));
            WebhookAgencies.approve(contact, request);
        }
    }

    private static OutboxMessage message(UUID confirmationId) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxMessage.<OutboxMessage>find("subjectId", confirmationId).singleResult());
    }
}
