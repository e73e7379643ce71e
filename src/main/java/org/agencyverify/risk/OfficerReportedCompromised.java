package org.agencyverify.risk;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.agencyverify.common.security.Actor;

/**
 * An officer was reported compromised, in the report's transaction that is still open: observers close
 * the officer's open verifications in it ({@code @Observes}), audited with {@code reason}, and add how
 * many they took up to {@code closedVerifications}, which the report answers and audits.
 */
public record OfficerReportedCompromised(Actor actor, UUID officerId, Instant at, String reason, AtomicInteger closedVerifications) {

    OfficerReportedCompromised(Actor actor, UUID officerId, Instant at, String reason) {
        this(actor, officerId, at, reason, new AtomicInteger());
    }
}
