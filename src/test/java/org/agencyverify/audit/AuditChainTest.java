package org.agencyverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final Instant AT = Instant.parse("2026-11-23T01:02:03.456789Z");

    @Test
    void sameEventSameHash() {
        assertEquals(hash("operator:1", "agency.create", "{}"), hash("operator:1", "agency.create", "{}"));
        assertEquals(64, hash("a", "b", "{}").length());
    }

    @Test
    void everyFieldCounts() {
        String base = hash("operator:1", "agency.create", "{\"a\":1}");
        assertNotEquals(base, hash("operator:2", "agency.create", "{\"a\":1}"));
        assertNotEquals(base, hash("operator:1", "agency.suspend", "{\"a\":1}"));
        assertNotEquals(base, hash("operator:1", "agency.create", "{\"a\":2}"));
        assertNotEquals(base, AuditChain.hash("f".repeat(64), AT, "operator:1", "agency.create", "agency", "x", null, "{\"a\":1}"));
        assertNotEquals(base, AuditChain.hash(AuditChain.GENESIS, AT.plusNanos(1000), "operator:1", "agency.create", "agency", "x", null, "{\"a\":1}"));
    }

    @Test
    void movingTextBetweenFieldsChangesTheHash() {
        assertNotEquals(hash("operator:1", "agency.create", "{}"), hash("operator:1agency", ".create", "{}"));
    }

    private static String hash(String actor, String action, String details) {
        return AuditChain.hash(AuditChain.GENESIS, AT, actor, action, "agency", "x", null, details);
    }
}
