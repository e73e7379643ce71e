package org.agencyverify.chaos;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Everything the run saw, with timestamps: each request's outcome, the decisions and revocations answered 200. */
final class Ledger {

    /** One request: when it was sent, to which replica, what it was, its status (-1: no answer) and problem type. */
    record Outcome(long sentAt, long answeredAt, int replica, String op, int status, String type) {
        boolean success() {
            return status >= 200 && status < 300;
        }
    }

    /** A decision the service answered 200 to. */
    record Decision(UUID confirmationId, String decision) {}

    /** A confirmation request as the agency's system received it. */
    record Delivery(long at, UUID confirmationId, UUID verificationId) {}

    final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    final Queue<Decision> decisions = new ConcurrentLinkedQueue<>();
    final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    /** Trust tokens by verification id, as the portal collected them. */
    final Map<UUID, String> tokens = new ConcurrentHashMap<>();
    /** Tokens whose revocation was answered 200. */
    final Queue<String> revoked = new ConcurrentLinkedQueue<>();
    /** A replica that still answered active: true right after a revocation was answered 200 (must stay empty). */
    final Queue<String> activeAfterRevocation = new ConcurrentLinkedQueue<>();
    /** Verifications by id with the purpose and the answer the agency's system gives. */
    final Map<UUID, String> started = new ConcurrentHashMap<>();

    void record(long sentAt, int replica, String op, int status, String type) {
        outcomes.add(new Outcome(sentAt, System.currentTimeMillis(), replica, op, status, type));
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }
}
