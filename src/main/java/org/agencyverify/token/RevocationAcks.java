package org.agencyverify.token;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Who must acknowledge a revocation before it answers, and the wait for them ({@link RevocationBus}): every
 * other replica whose heartbeat was heard within two lapses. Plain Java; the times are System.nanoTime().
 */
final class RevocationAcks {

    private record Pending(Set<String> waiting, CompletableFuture<Void> done) {}

    private final long lapseNanos;
    private final Map<String, Long> peers = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    RevocationAcks(long lapseNanos) {
        this.lapseNanos = lapseNanos;
    }

    /** Another replica's heartbeat. */
    void heard(String peer, long nowNanos) {
        peers.put(peer, nowNanos);
        if (peers.size() > 1_000) {
            peers.values().removeIf(seen -> nowNanos - seen > 10 * lapseNanos);
        }
    }

    /** Another replica said it stops. */
    void left(String peer) {
        peers.remove(peer);
    }

    Set<String> peers() {
        return Set.copyOf(peers.keySet());
    }

    /** Before publishing revocation {@code id}: the replicas heard lately must acknowledge it. */
    void expect(String id, long nowNanos) {
        Set<String> waiting = ConcurrentHashMap.newKeySet();
        peers.forEach((peer, seen) -> {
            if (nowNanos - seen < 2 * lapseNanos) {
                waiting.add(peer);
            }
        });
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (waiting.isEmpty()) {
            done.complete(null);
        }
        pending.put(id, new Pending(waiting, done));
    }

    void acknowledged(String id, String peer) {
        Pending wait = pending.get(id);
        if (wait != null) {
            wait.waiting().remove(peer);
            if (wait.waiting().isEmpty()) {
                wait.done().complete(null);
            }
        }
    }

    /** Waits until every expected replica acknowledged {@code id}, or {@code deadlineNanos}; how many did not. */
    int await(String id, long deadlineNanos) throws InterruptedException {
        Pending wait = pending.get(id);
        try {
            wait.done().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return 0;
        } catch (TimeoutException e) {
            return wait.waiting().size();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    void forget(String id) {
        pending.remove(id);
    }
}
