package org.agencyverify.common.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A handler with a bug: every delivery throws, as a programming error would, never a DeliveryFailed. */
@ApplicationScoped
public class BrokenHandler implements OutboxHandler {

    static final String KIND = "test-broken";

    final Set<UUID> failedForGood = ConcurrentHashMap.newKeySet();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Result deliver(UUID subjectId, int attempt) {
        throw new IllegalStateException("a bug in a handler");
    }

    @Override
    public void failedForGood(UUID subjectId, String reason) {
        failedForGood.add(subjectId);
    }

    boolean gaveUpOn(UUID subjectId) {
        return failedForGood.contains(subjectId);
    }
}
