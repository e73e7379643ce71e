package org.agencyverify.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.agencyverify.support.Eventually;
import org.junit.jupiter.api.Test;

/** A handler that throws (a bug) uses up attempts like a failed delivery, instead of breaking every run forever. */
@QuarkusTest
class BrokenDeliveryTest {

    @Inject
    Outbox outbox;
    @Inject
    BrokenHandler handler;

    @Test
    void aBrokenDeliveryIsCountedAndEndsFailed() {
        UUID subject = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(BrokenHandler.KIND, subject));

        // %test: max-attempts 3, backoff 1 s doubling, worker every second.
        Eventually.within(Duration.ofSeconds(20), () -> assertEquals(OutboxMessage.Status.FAILED, message(subject).status));
        OutboxMessage failed = message(subject);
        assertEquals(3, failed.attempts);
        assertEquals("broken: IllegalStateException", failed.lastError);
        assertTrue(handler.gaveUpOn(subject), "the handler was told, so it can record the failure");
    }

    private static OutboxMessage message(UUID subject) {
        return QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.<OutboxMessage>find("kind = ?1 and subjectId = ?2", BrokenHandler.KIND, subject).singleResult());
    }
}
