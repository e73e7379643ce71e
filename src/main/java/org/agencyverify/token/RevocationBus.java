package org.agencyverify.token;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;

/**
 * Carries revocations between replicas over a Redis channel (under the key prefix), so each replica may
 * keep introspected entries in memory ({@link IntrospectionCache}). Every revocation is written to Redis
 * first, applied to this replica's copy, then published, all before the revoking call answers. Each replica
 * publishes a heartbeat on the same channel every {@link #HEARTBEAT_MILLIS} ms and counts its subscription
 * alive only while its own heartbeats come back ({@link IntrospectionCache#heartbeatSeen}): a subscription
 * that stalls, drops or is resubscribed sends every introspection to Redis until it is proven alive again.
 * <p>
 * Immediate in effect: every replica that receives a revocation acknowledges it on the channel, and the
 * revoking call waits for the acknowledgements of every replica whose heartbeat it heard lately. One that
 * does not acknowledge within {@link #LAPSE_MILLIS} of the publish has not heard its own heartbeats since
 * before the publish either (they travel behind the revocation), so by then it serves nothing from memory.
 * Either way, once the revoking call answers, no replica vouches for the token from its copy.
 */
@ApplicationScoped
public class RevocationBus {

    static final long HEARTBEAT_MILLIS = 200;
    static final long LAPSE_MILLIS = 1_000;
    private static final long RECONNECT_MILLIS = 500;
    // A message holds at most this many hashes (65 bytes each): cascades and rebuilds are split.
    private static final int HASHES_PER_MESSAGE = 200;

    private final Redis redis;
    private final RedisDataSource blocking;
    private final Vertx vertx;
    private final String channel;
    private final String replica = UUID.randomUUID().toString();
    private final IntrospectionCache cache = new IntrospectionCache(10_000, LAPSE_MILLIS * 1_000_000, System::nanoTime);
    private volatile RedisConnection current;
    private volatile boolean subscribed;
    private volatile long subscriberClientId = -1;
    private volatile boolean stopped;
    private volatile boolean heartbeatsPaused;
    private long heartbeatTimer = -1;
    private final RevocationAcks acks = new RevocationAcks(LAPSE_MILLIS * 1_000_000);
    private final AtomicLong sequence = new AtomicLong();

    RevocationBus(Redis redis, RedisDataSource blocking, Vertx vertx, AgencyVerifyConfig config) {
        this.redis = redis;
        this.blocking = blocking;
        this.vertx = vertx;
        this.channel = config.redis().keyPrefix() + "tt-revocations";
    }

    void start(@Observes StartupEvent started) {
        heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> heartbeat());
        subscribe();
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        vertx.cancelTimer(heartbeatTimer);
        // Best effort: the others stop waiting for this replica's acknowledgements at once, not after the lapse.
        redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg("b " + replica));
        RedisConnection connection = current;
        current = null;
        cache.disconnected();
        if (connection != null) {
            // Unsubscribed first, so the pool never hands out a connection still in subscribe mode.
            connection.send(Request.cmd(Command.UNSUBSCRIBE)).onComplete(done -> connection.close());
        }
    }

    IntrospectionCache cache() {
        return cache;
    }

    /**
     * Tells every replica these tokens are revoked, after the caller wrote them to Redis: this replica at once,
     * the others through the channel. Blocking (worker threads). A failed publish is a 503: the caller's change
     * is refused and retried, rather than answered while another replica may still vouch for the token.
     */
    public void announce(List<String> tokenHashes) {
        if (tokenHashes.isEmpty()) {
            return;
        }
        cache.revoked(tokenHashes);
        for (int from = 0; from < tokenHashes.size(); from += HASHES_PER_MESSAGE) {
            publishAndWait(tokenHashes.subList(from, Math.min(tokenHashes.size(), from + HASHES_PER_MESSAGE)));
        }
    }

    private void publishAndWait(List<String> hashes) {
        String id = replica + ":" + sequence.incrementAndGet();
        boolean heard = cache.healthy();
        acks.expect(id, System.nanoTime());
        try {
            try {
                blocking.execute("PUBLISH", channel, "r " + id + " " + String.join(" ", hashes));
            } catch (RuntimeException e) {
                throw new DependencyUnavailableException("Redis", e);
            }
            long deadline = System.nanoTime() + LAPSE_MILLIS * 1_000_000;
            if (!heard) {
                // Without a live subscription of our own we hear neither the peers nor their acknowledgements.
                TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - System.nanoTime()));
            } else {
                int silent = acks.await(id, deadline);
                if (silent > 0) {
                    Log.warnf("Revocation not acknowledged by %d replica(s) within %d ms: they serve nothing from memory by now",
                            silent, LAPSE_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("Redis", e);
        } finally {
            acks.forget(id);
        }
    }

    private void subscribe() {
        if (stopped) {
            return;
        }
        redis.connect().onSuccess(connection -> {
            current = connection;
            connection.exceptionHandler(e -> lost(connection, e.getClass().getSimpleName()));
            connection.endHandler(v -> lost(connection, "closed"));
            connection.handler(this::message);
            connection.send(Request.cmd(Command.CLIENT).arg("ID"))
                    .compose(id -> {
                        subscriberClientId = id.toLong();
                        return connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
                    })
                    .onSuccess(ok -> {
                        if (current == connection) {
                            subscribed = true;
                            cache.subscribed();
                            Log.debug("Revocation channel subscribed");
                        }
                    })
                    .onFailure(e -> {
                        lost(connection, e.getClass().getSimpleName());
                        connection.close();
                    });
        }).onFailure(e -> lost(null, e.getClass().getSimpleName()));
    }

    private synchronized void lost(RedisConnection connection, String why) {
        if (connection != null && connection != current) {
            return; // an event of a connection already given up
        }
        boolean wasSubscribed = subscribed;
        current = null;
        subscribed = false;
        cache.disconnected();
        if (!stopped) {
            if (wasSubscribed) {
                // Once per loss, not once per reconnect attempt.
                Log.warnf("Revocation channel lost (%s): introspection reads Redis until it is back", why);
            }
            vertx.setTimer(RECONNECT_MILLIS, id -> subscribe());
        }
    }

    private void message(Response response) {
        // RESP2 and RESP3 both deliver ["message", channel, payload] (a push in RESP3).
        if (response == null || response.size() != 3 || !"message".equals(response.get(0).toString())) {
            return;
        }
        String[] words = response.get(2).toString().split(" ");
        try {
            switch (words[0]) {
                case "r" -> revoked(words);
                case "a" -> acks.acknowledged(words[1], words[2]);
                case "h" -> heard(words[1], Long.parseLong(words[2]));
                case "b" -> acks.left(words[1]);
                default -> Log.debug("Unknown message on the revocation channel ignored");
            }
        } catch (RuntimeException e) {
            Log.warnf("Unreadable message on the revocation channel ignored (%s)", e.getClass().getSimpleName());
        }
    }

    private void revoked(String[] words) {
        List<String> hashes = new ArrayList<>(words.length - 2);
        for (int i = 2; i < words.length; i++) {
            if (!words[i].isEmpty()) {
                hashes.add(words[i]);
            }
        }
        cache.revoked(hashes);
        if (!words[1].startsWith(replica + ":")) {
            // Applied: the revoking replica may answer once every replica it heard lately has said so.
            redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg("a " + words[1] + " " + replica))
                    .onFailure(e -> Log.debugf("Acknowledgement not published (%s)", e.getClass().getSimpleName()));
        }
    }

    private void heard(String from, long sentNanos) {
        if (from.equals(replica)) {
            cache.heartbeatSeen(sentNanos);
        } else {
            acks.heard(from, System.nanoTime());
        }
    }

    private void heartbeat() {
        if (heartbeatsPaused || !subscribed) {
            return;
        }
        redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg("h " + replica + " " + System.nanoTime()))
                .onFailure(e -> Log.debugf("Heartbeat not published (%s)", e.getClass().getSimpleName()));
    }

    /** Tests: this replica's id on the channel, and the other replicas it heard lately. */
    String replica() {
        return replica;
    }

    Set<String> peers() {
        return acks.peers();
    }

    /** Tests: the Redis client id of the subscription (for CLIENT KILL ID), or -1. */
    long subscriberClientId() {
        return subscriberClientId;
    }

    /** Tests: stop (or resume) publishing heartbeats, as a replica whose channel stalls would look. */
    void pauseHeartbeats(boolean paused) {
        heartbeatsPaused = paused;
    }
}
