package org.agencyverify.token;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * This replica's copy of recently introspected token index entries, so a hot token costs no Redis round
 * trip. Plain Java (the rules are unit-tested): {@link RevocationBus} feeds it revocations and heartbeats.
 * Fail closed: an entry is served only while the subscription that carries revocations is proven alive
 * (this replica's own heartbeat came back through it less than {@code lapseNanos} ago); a lapse, a
 * disconnect or a resubscribe empties it. No stale put: a read of Redis may be cached only if no revocation
 * (and no lapse) arrived since just before that read started ({@link #epoch()}).
 */
final class IntrospectionCache {

    /** A parsed index entry: what introspection needs to answer without Redis. */
    record Cached(String audience, long notBefore, long expires, String activeAnswer, boolean revoked) {}

    private final Map<String, Cached> entries = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final int maxEntries;
    private final long lapseNanos;
    private final LongSupplier nanoClock;
    // Nanos (of nanoClock) until which the subscription counts as alive; alive == false after a disconnect.
    private volatile long aliveUntil;
    private volatile boolean alive;

    IntrospectionCache(int maxEntries, long lapseNanos, LongSupplier nanoClock) {
        this.maxEntries = maxEntries;
        this.lapseNanos = lapseNanos;
        this.nanoClock = nanoClock;
    }

    /** Whether the subscription is proven alive now: entries are served and kept only then. */
    boolean healthy() {
        return alive && nanoClock.getAsLong() - aliveUntil < 0;
    }

    /** The entry for a token hash, or null (not cached, or the subscription not proven alive). */
    Cached get(String tokenHash) {
        if (!healthy()) {
            if (!entries.isEmpty()) {
                lapse();
            }
            return null;
        }
        return entries.get(tokenHash);
    }

    /** Read this before reading Redis, and hand it to {@link #put}. */
    long epoch() {
        return epoch.get();
    }

    /** Keeps an entry read from Redis, unless a revocation or a lapse arrived since {@code epochBeforeRead}. */
    void put(String tokenHash, Cached entry, long epochBeforeRead) {
        if (!healthy() || epoch.get() != epochBeforeRead) {
            return;
        }
        if (entries.size() >= maxEntries) {
            evictSome();
        }
        entries.put(tokenHash, entry);
        // A revocation that bumped the epoch between the check above and the put may have removed the hash
        // before we put it: take it out again (its epoch bump is visible now, its removal may be past).
        if (epoch.get() != epochBeforeRead || !healthy()) {
            entries.remove(tokenHash, entry);
        }
    }

    /** Revoked tokens (this replica's own revocation, or one heard on the channel): never served from here again. */
    void revoked(Collection<String> tokenHashes) {
        epoch.incrementAndGet();
        tokenHashes.forEach(entries::remove);
    }

    /** This replica's heartbeat, sent at {@code sentNanos}, came back: all published before it has been heard. */
    synchronized void heartbeatSeen(long sentNanos) {
        if (!healthy()) {
            // Messages may have been missed while it was not proven alive: start empty.
            lapse();
        }
        if (sentNanos + lapseNanos - aliveUntil > 0) {
            aliveUntil = sentNanos + lapseNanos;
        }
    }

    /** The subscription is (re)established: alive again once its first heartbeat comes back. */
    synchronized void subscribed() {
        lapse();
        aliveUntil = nanoClock.getAsLong();
        alive = true;
    }

    /** Disconnected, failed or unsubscribed: nothing is served until {@link #subscribed()} and a heartbeat. */
    synchronized void disconnected() {
        alive = false;
        lapse();
    }

    /** Forgets everything, and spoils any read in flight. */
    void lapse() {
        epoch.incrementAndGet();
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private void evictSome() {
        // Expired entries first; then about a tenth of the rest, in the map's order (no LRU bookkeeping on the hot path).
        long now = System.currentTimeMillis() / 1000;
        entries.values().removeIf(e -> e.expires() <= now);
        int drop = entries.size() - maxEntries + Math.max(1, maxEntries / 10);
        for (Iterator<String> it = entries.keySet().iterator(); drop > 0 && it.hasNext(); drop--) {
            it.next();
            it.remove();
        }
    }
}
