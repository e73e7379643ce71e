package org.agencyverify.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What must hold after the run, read from the database and the audit chain (never from logs). Each
 * check answers the violations it found, one line each; the run fails on any.
 */
final class Invariants {

    /** The audit walk's answer, for the report. */
    record Audit(boolean intact, long events, long gaps) {}

    private final Connection db;
    private final Ledger ledger;
    final List<String> violations = new ArrayList<>();

    Invariants(Connection db, Ledger ledger) {
        this.db = db;
        this.ledger = ledger;
    }

    /** Every token belongs to a TOKEN_ISSUED verification that was started (passed the checks) and has its approvals. */
    void tokensHaveTheirApprovals() throws SQLException {
        String sql = """
                SELECT t.jti, v.id, v.state, v.purpose, v.approvals_needed, v.officer_id,
                  (SELECT count(*) FROM confirmation c WHERE c.verification_id = v.id AND c.status = 'ANSWERED'
                     AND c.decision = 'APPROVE' AND (v.purpose <> 'EMERGENCY' OR c.level = 'SUPERVISOR')) AS approvals,
                  (SELECT count(*) FROM confirmation c WHERE c.verification_id = v.id AND c.decision = 'DENY') AS denials,
                  (SELECT count(*) FROM audit_event a WHERE a.subject_type = 'verification' AND a.subject_id = v.id::text
                     AND a.action = 'verification.started') AS started
                FROM trust_token t JOIN verification v ON v.id = t.verification_id""";
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String v = r.getString("id");
                if (!"TOKEN_ISSUED".equals(r.getString("state"))) {
                    violations.add("token " + r.getString("jti") + " for verification " + v + " in state " + r.getString("state"));
                }
                if (r.getLong("approvals") < r.getInt("approvals_needed") || r.getLong("denials") > 0) {
                    violations.add("token for verification " + v + " with " + r.getLong("approvals") + " approvals of "
                            + r.getInt("approvals_needed") + " needed and " + r.getLong("denials") + " denials");
                }
                if (r.getString("officer_id") == null || r.getLong("started") != 1) {
                    violations.add("token for verification " + v + " that was not started once after its checks");
                }
            }
        }
    }

    /** Every decision answered 200 is stored as answered, and applied (audited as answered) once. */
    void decisionsStoredOnce() throws SQLException {
        Map<UUID, String> stored = new HashMap<>();
        Map<UUID, Integer> applied = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement("SELECT id, status, decision FROM confirmation"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                stored.put(r.getObject("id", UUID.class), r.getString("status") + " " + r.getString("decision"));
            }
        }
        try (PreparedStatement s = db.prepareStatement(
                "SELECT subject_id, count(*) FROM audit_event WHERE action = 'confirmation.answered' GROUP BY subject_id");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                applied.put(UUID.fromString(r.getString(1)), r.getInt(2));
            }
        }
        applied.forEach((id, n) -> {
            if (n > 1) {
                violations.add("confirmation " + id + " applied " + n + " times");
            }
        });
        Set<UUID> answered = new HashSet<>();
        for (Ledger.Decision d : ledger.decisions) {
            if (!answered.add(d.confirmationId())) {
                violations.add("confirmation " + d.confirmationId() + " answered 200 twice");
            }
            if (!("ANSWERED " + d.decision()).equals(stored.get(d.confirmationId())) || applied.getOrDefault(d.confirmationId(), 0) != 1) {
                violations.add("decision " + d.decision() + " on " + d.confirmationId() + " answered 200 but stored as "
                        + stored.get(d.confirmationId()) + ", applied " + applied.getOrDefault(d.confirmationId(), 0) + " times");
            }
        }
    }

    /**
     * Every webhook confirmation request went out: delivered per the outbox and received by the agency's
     * system at least once, unless its verification closed first (cancelled or expired before delivery).
     */
    void requestsWentOut() throws SQLException {
        Set<UUID> received = new HashSet<>();
        ledger.deliveries.forEach(d -> received.add(d.confirmationId()));
        String sql = """
                SELECT c.id, c.status, o.status AS outbox FROM confirmation c
                LEFT JOIN outbox_message o ON o.kind = 'confirmation-request' AND o.subject_id = c.id
                WHERE c.channel = 'WEBHOOK' AND c.status NOT IN ('CANCELLED', 'EXPIRED')""";
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                UUID id = r.getObject("id", UUID.class);
                // OBSOLETE: sent, then answered before the sender recorded it (a replica killed between the two).
                String outbox = r.getString("outbox");
                if (!received.contains(id) || !("DELIVERED".equals(outbox) || "OBSOLETE".equals(outbox) && "ANSWERED".equals(r.getString("status")))) {
                    violations.add("confirmation request " + id + " (" + r.getString("status") + ", outbox " + r.getString("outbox")
                            + ") never reached the agency's system");
                }
            }
        }
    }

    /**
     * No verification is left waiting: the agency's system answers every request it receives, so one still
     * PENDING_CONFIRMATION well after it started lost its request or its answer. The one exception is a
     * verification the risk rules held for more confirmation (a finding such as new-network, when a request
     * first comes through the slowed replica's namespace): it waits for the agency's email supervisor, whom
     * this load does not play, and only its webhook confirmation must have been answered.
     */
    void nothingStuck() throws SQLException {
        String sql = """
                SELECT v.id, v.state FROM verification v WHERE v.state = 'PENDING_CONFIRMATION'
                AND v.created_at < now() - interval '90 seconds'
                AND (NOT EXISTS (SELECT 1 FROM risk_finding f WHERE f.verification_id = v.id)
                     OR EXISTS (SELECT 1 FROM confirmation c WHERE c.verification_id = v.id
                                AND c.channel = 'WEBHOOK' AND c.status <> 'ANSWERED'))""";
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                violations.add("verification " + r.getString("id") + " still " + r.getString("state") + " 90 s after it started");
            }
        }
    }

    /** Every revocation answered 200 is inactive on every replica, at once (checked by the flows) and at the end. */
    void revocationsSeen(ChaosClient client, Bearers bearers) {
        ledger.activeAfterRevocation.forEach(seen -> violations.add("revocation not immediate: " + seen));
        for (String token : ledger.revoked) {
            for (int replica = 0; replica < client.replicaCount(); replica++) {
                ChaosClient.Answer answer = client.form(replica, "final-introspection", "/v1/tokens/introspect", bearers.portal(),
                        java.util.Map.of("token", token));
                if (answer.status() != 200 || answer.body().path("active").asBoolean(true)) {
                    violations.add("a revoked token is " + answer.status() + " " + answer.body() + " on replica " + replica);
                }
            }
        }
    }

    /**
     * The audit chain verifies (POST /v1/audit/verify, as an operator). Its events are numbered without
     * gaps on a database that began with that numbering (as this run's does), so a missing number is a
     * break the check itself reports (sequence-gap), and a rolled-back append or a crash leaves none.
     */
    Audit auditChain(ChaosClient client, String operatorToken) {
        ChaosClient.Answer answer = client.json(0, "audit-verify", "POST", "/v1/audit/verify", operatorToken, null, java.util.Map.of());
        JsonNode body = answer.body();
        if (answer.status() != 200 || !body.path("intact").asBoolean(false)) {
            violations.add("audit chain: HTTP " + answer.status() + " " + body);
            return new Audit(false, 0, 0);
        }
        long gaps = body.path("gaps").asLong();
        if (gaps != 0) {
            violations.add("audit chain: " + gaps + " sequence numbers without an event");
        }
        return new Audit(true, body.path("events").asLong(), gaps);
    }

    /** No answer was a 5xx other than 503: a fault is an outage, never an unhandled error. */
    void noServerErrors() {
        for (Ledger.Outcome o : ledger.outcomes) {
            if (o.status() >= 500 && o.status() != 503) {
                violations.add(o.op() + " answered " + o.status() + " (" + o.type() + ") on replica " + o.replica() + " at " + o.sentAt());
            }
        }
    }
}
