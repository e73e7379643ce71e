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
import java.util.UUID;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;

/**
 * Carries revocations between replicas over a Redis channel (under the key prefix), so each replica may
 * keep introspected entries in memory ({@link IntrospectionCache}). Every revocation is written to Redis
 * first, applied to this replica's copy, then published, all before the revoking call answers. Each replica
 * publishes a heartbeat on the same channel every {@link #HEARTBEAT_MILLIS} ms and counts its subscription
 * alive only while its own heartbeats come back ({@link IntrospectionCache#heartbeatSeen}): a subscription
 * that stalls, drops or is resubscribed sends every introspection to Redis until it is proven alive again.
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
            String message = "r " + String.join(" ", tokenHashes.subList(from, Math.min(tokenHashes.size(), from + HASHES_PER_MESSAGE)));
            try {
                blocking.execute("PUBLISH", channel, message);
            } catch (RuntimeException e) {
                throw new DependencyUnavailableException("Redis", e);
            }
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
        current = null;
        subscribed = false;
        cache.disconnected();
        if (!stopped) {
            Log.warnf("Revocation channel lost (%s): introspection reads Redis until it is back", why);
            vertx.setTimer(RECONNECT_MILLIS, id -> subscribe());
        }
    }

    private void message(Response response) {
        // RESP2 and RESP3 both deliver ["message", channel, payload] (a push in RESP3).
        if (response == null || response.size() != 3 || !"message".equals(response.get(0).toString())) {
            return;
        }
        String payload = response.get(2).toString();
        if (payload.startsWith("r ")) {
            List<String> hashes = new ArrayList<>();
            for (String hash : payload.substring(2).split(" ")) {
                if (!hash.isEmpty()) {
                    hashes.add(hash);
                }
            }
            cache.revoked(hashes);
        } else if (payload.startsWith("h " + replica + " ")) {
            try {
                cache.heartbeatSeen(Long.parseLong(payload.substring(replica.length() + 3)));
            } catch (NumberFormatException e) {
                Log.warn("Unreadable heartbeat on the revocation channel ignored");
            }
        }
    }

    private void heartbeat() {
        if (heartbeatsPaused || !subscribed) {
            return;
        }
        redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg("h " + replica + " " + System.nanoTime()))
                .onFailure(e -> Log.debugf("Heartbeat not published (%s)", e.getClass().getSimpleName()));
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
