package org.agencyverify.chaos;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.agencyverify.support.Eventually;

/**
 * Whole verifications as a portal runs them, started at a steady rate on alternating replicas: the
 * start (with an Idempotency-Key, retried while the service cannot take it), polls until a final
 * state, the trust token, introspection on both replicas, and for some tokens a revocation. Some ask
 * for EMERGENCY (refused: the officer's sign-in is not phishing-resistant) and some are denied by the
 * agency's system.
 */
final class VerificationFlows {

    private static final Set<String> FINAL = Set.of("TOKEN_ISSUED", "DENIED", "EXPIRED", "REJECTED");
    private static final long FLOW_PATIENCE_MS = 240_000;

    private final ChaosClient client;
    private final Bearers bearers;
    private final Ledger ledger;
    private final String email;
    private final String domain;
    private final ExecutorService pool = Executors.newFixedThreadPool(24);

    VerificationFlows(ChaosClient client, Bearers bearers, Ledger ledger, String email, String domain) {
        this.client = client;
        this.bearers = bearers;
        this.ledger = ledger;
        this.email = email;
        this.domain = domain;
    }

    /** Starts flows at {@code perSecond} until {@code untilMillis}, then waits for those under way. */
    void run(double perSecond, long untilMillis) {
        long gap = Math.max(50, (long) (1000 / perSecond));
        for (int n = 0; System.currentTimeMillis() < untilMillis; n++) {
            int replica = n % client.replicaCount();
            pool.submit(() -> flow(replica));
            Eventually.sleep(gap);
        }
        pool.shutdown();
        try {
            pool.awaitTermination(FLOW_PATIENCE_MS + 60_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One whole verification with a random purpose and answer; every request it makes is in the ledger. */
    void flow(int replica) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String purpose = random.nextInt(10) == 0 ? "EMERGENCY" : "SUBPOENA";
        String caseReference = (random.nextInt(6) == 0 ? AgencySystemStub.DENY_PREFIX : "CASE-") + UUID.randomUUID().toString().substring(0, 8);
        flow(replica, purpose, caseReference, random.nextInt(4) == 0);
    }

    /** A SUBPOENA the agency approves, started on this replica: answers the final state it reached (null: none). */
    String probe(int replica) {
        return flow(replica, "SUBPOENA", "PROBE-" + UUID.randomUUID().toString().substring(0, 8), false);
    }

    private String flow(int replica, String purpose, String caseReference, boolean revoke) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("domain", domain);
        body.put("purpose", purpose);
        body.put("caseReference", caseReference);
        body.put("documentDigest", "c".repeat(64));
        String idempotencyKey = "chaos-" + UUID.randomUUID();
        long deadline = System.currentTimeMillis() + FLOW_PATIENCE_MS;
        ChaosClient.Answer started = null;
        int at = replica;
        while (System.currentTimeMillis() < deadline) {
            String officer = bearers.officer();
            String portal = bearers.portal();
            if (officer == null || portal == null) {
                Eventually.sleep(2000);
                continue;
            }
            body.put("credentials", Map.of("type", "token", "token", officer));
            started = client.json(at, "verification-start", "POST", "/v1/verifications", portal, body, Map.of("Idempotency-Key", idempotencyKey));
            if (started.status() != -1 && started.status() < 500 && started.status() != 401 && started.status() != 429) {
                break;
            }
            // The other replica may take it; the same key keeps it one verification.
            at = (at + 1) % client.replicaCount();
            Eventually.sleep(2000);
        }
        if (started == null || started.status() != 202) {
            return null;
        }
        UUID id = UUID.fromString(started.text("id"));
        ledger.started.put(id, purpose + " " + caseReference);
        String state = poll(id, at, started.body().path("pollInterval").asInt(5), deadline);
        String token = ledger.tokens.get(id);
        if (token != null) {
            useToken(token, revoke);
        }
        return state;
    }

    private String poll(UUID id, int replica, int interval, long deadline) {
        int at = replica;
        while (System.currentTimeMillis() < deadline) {
            Eventually.sleep(interval * 1000L + 200);
            String portal = bearers.portal();
            ChaosClient.Answer answer = client.get(at, "verification-poll", "/v1/verifications/" + id, portal);
            at = (at + 1) % client.replicaCount();
            if (answer.status() == 200 && FINAL.contains(answer.text("state"))) {
                String token = answer.text("trustToken");
                if (token != null) {
                    ledger.tokens.put(id, token);
                }
                return answer.text("state");
            }
        }
        return null;
    }

    /**
     * Revocation is immediate in effect: right after one replica answered 200, no replica (the other
     * first) may answer {@code active: true} for the token. A 503 during a fault is not an answer.
     */
    private void revokedEverywhereAtOnce(String token, int revokedAt) {
        long answered = System.nanoTime();
        for (int i = 1; i <= client.replicaCount(); i++) {
            int replica = (revokedAt + i) % client.replicaCount();
            ChaosClient.Answer answer = client.form(replica, "introspection-after-revocation", "/v1/tokens/introspect", bearers.portal(),
                    Map.of("token", token));
            if (answer.status() == 200 && answer.body().path("active").asBoolean(false)) {
                ledger.activeAfterRevocation.add("replica " + replica + " answered active " + (System.nanoTime() - answered) / 1000
                        + " µs after replica " + revokedAt + " answered the revocation 200");
            }
        }
    }

    private void useToken(String token, boolean revoke) {
        for (int replica = 0; replica < client.replicaCount(); replica++) {
            client.form(replica, "introspection", "/v1/tokens/introspect", bearers.portal(), Map.of("token", token));
        }
        if (!revoke) {
            return;
        }
        for (int attempt = 0; attempt < 30; attempt++) {
            int replica = attempt % client.replicaCount();
            ChaosClient.Answer answer = client.form(replica, "revocation", "/v1/tokens/revoke", bearers.portal(), Map.of("token", token));
            if (answer.status() == 200) {
                ledger.revoked.add(token);
                revokedEverywhereAtOnce(token, replica);
                return;
            }
            Eventually.sleep(2000);
        }
    }
}
