package org.agencyverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.security.Actor;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditLogTest {

    @Inject
    AuditLog auditLog;

    @Inject
    ObjectMapper json;

    @Test
    void eachEventLinksToTheOneBeforeAndItsHashCanBeRecomputed() throws Exception {
        String subject = UUID.randomUUID().toString();
        Actor actor = new Actor("operator", UUID.randomUUID().toString());
        QuarkusTransaction.requiringNew().run(() -> auditLog.record(actor, "test.first", "test", subject,
                Map.of("after", Map.of("status", "PENDING", "name", "Städtische Polizei"))));
        QuarkusTransaction.requiringNew().run(() -> auditLog.record(actor, "test.second", "test", subject,
                Map.of("before", Map.of("status", "PENDING"), "after", Map.of("status", "ACTIVE"))));

        List<AuditEvent> events = QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.<AuditEvent>list("subjectId = ?1 order by sequence", subject));
        assertEquals(2, events.size());
        AuditEvent second = events.get(1);
        // Other tests may append in between: the link is to whichever event came just before.
        String hashBefore = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(
                "sequence < ?1 order by sequence desc", second.sequence).firstResult().hash);
        assertEquals(hashBefore, second.previousHash);
        for (AuditEvent event : events) {
            // Recompute from what PostgreSQL gives back (jsonb reorders keys): the canonical form must survive.
            String details = auditLog.canonicalJson(json.readValue(event.details, Object.class));
            assertEquals(event.hash, AuditChain.hash(event.previousHash, event.occurredAt, event.actor, event.action,
                    event.subjectType, event.subjectId, event.requestId, details));
        }
    }

    @Test
    void eventsOfOneTransactionFollowOneAnotherAndTheNextTransactionContinuesTheChain() {
        String subject = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 1; i <= 3; i++) {
                auditLog.record(Actor.SYSTEM, "test.in-one-transaction-" + i, "test", subject, Map.of("n", i));
            }
        });
        QuarkusTransaction.requiringNew().run(() -> auditLog.record(Actor.SYSTEM, "test.next-transaction", "test", subject, Map.of()));

        List<AuditEvent> events = QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.<AuditEvent>list("subjectId = ?1 order by sequence", subject));
        assertEquals(4, events.size());
        for (int i = 1; i < 3; i++) {
            // Under the chain's lock no one appends between two events of one transaction.
            assertEquals(events.get(i - 1).sequence + 1, events.get(i).sequence);
            assertEquals(events.get(i - 1).hash, events.get(i).previousHash);
        }
        AuditEvent next = events.get(3);
        String hashBefore = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(
                "sequence = ?1", next.sequence - 1).firstResult().hash);
        assertEquals(hashBefore, next.previousHash, "the next transaction links to the chain's end, whoever wrote it");
    }

    @Test
    void cannotBeWrittenOutsideATransaction() {
        assertThrows(TransactionalException.class,
                () -> auditLog.record(Actor.SYSTEM, "test.none", "test", "x", Map.of()));
    }
}
