package org.agencyverify.common.ratelimit;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An exact sliding-window log in Redis: one sorted set per bucket, one member per request allowed in
 * the last window, scored with Redis' own clock ({@code TIME}) so that every replica agrees. One
 * script checks all the buckets of a request and records it in all of them, or in none: a request
 * refused by one rule spends nothing of the others, and two replicas can never both take the last
 * slot. Exact rather than a two-window counter approximation because the security rules are small
 * (tens per quarter hour), where an approximation is most wrong at the edge; memory stays bounded by
 * the limit per bucket (a few hundred kB for a portal at thousands of introspections a second).
 * Keys must share one Redis node (no Redis Cluster slot spanning).
 */
@ApplicationScoped
public class SlidingWindowLimiter {

    /** One rule applied to one subject: {@code key} is the full Redis key. */
    public record Bucket(String rule, String key, Rate rate) {}

    /** Allowed, or refused by {@code rule} until a slot frees in {@code waitMillis}. */
    public record Decision(boolean allowed, String rule, long waitMillis) {
        /** Retry-After is whole seconds: rounded up, so a client that waits it is never early. */
        public long retryAfterSeconds() {
            return Math.max(1, (waitMillis + 999) / 1000);
        }
    }

    static final String SCRIPT = """
            -- KEYS[1..n]: a sorted set per bucket, then the keys to read once allowed (ARGV[1] of them
            -- are read, counted from the end). ARGV[2]: unique id of this request; ARGV[2i+1], ARGV[2i+2]:
            -- limit and window (ms) of KEYS[i]. Scores are microseconds of Redis' clock.
            local reads = tonumber(ARGV[1])
            local buckets = #KEYS - reads
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local wait, refused = 0, 0
            for i = 1, buckets do
              local limit = tonumber(ARGV[2 * i + 1])
              local window = tonumber(ARGV[2 * i + 2]) * 1000
              redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
              local count = redis.call('ZCARD', KEYS[i])
              if count >= limit then
                -- a slot frees when the entry at (count - limit) from the oldest leaves the window
                local freeing = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
                local w = tonumber(freeing[2]) + window - now
                if w > wait then wait, refused = w, i end
              end
            end
            if refused > 0 then
              return {0, refused, math.ceil(wait / 1000)}
            end
            for i = 1, buckets do
              redis.call('ZADD', KEYS[i], now, ARGV[2])
              redis.call('PEXPIRE', KEYS[i], ARGV[2 * i + 2])
            end
            local answer = {1, 0, 0}
            for i = buckets + 1, #KEYS do
              answer[#answer + 1] = redis.call('GET', KEYS[i]) or ''
            end
            return answer
            """;

    static final String SHA = sha1(SCRIPT);

    /** The same window, for one bucket: takes up to ARGV[3] slots at once (a lease), or none and the wait. */
    static final String LEASE_SCRIPT = """
            -- KEYS[1]: the bucket's sorted set. ARGV[1], ARGV[2]: limit and window (ms); ARGV[3]: slots wanted;
            -- ARGV[4]: unique id of this lease. Answers {slots taken, ms until one frees when none was}.
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2]) * 1000
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local count = redis.call('ZCARD', KEYS[1])
            local take = math.min(tonumber(ARGV[3]), limit - count)
            if take <= 0 then
              local freeing = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
              return {0, math.ceil((tonumber(freeing[2]) + window - now) / 1000)}
            end
            local members = {}
            for i = 1, take do
              members[#members + 1] = now
              members[#members + 1] = ARGV[4] .. ':' .. i
            end
            redis.call('ZADD', KEYS[1], unpack(members))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return {take, 0}
            """;

    static final String LEASE_SHA = sha1(LEASE_SCRIPT);

    /** Slots taken by one {@link #leaseAsync} call, or none and how long until one frees. */
    public record Granted(int slots, long waitMillis) {}

    private final ReactiveRedisDataSource redis;
    private final Duration timeout;

    SlidingWindowLimiter(ReactiveRedisDataSource redis, @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    /** One round trip. Redis unreachable or failing is a 503 ({@link DependencyUnavailableException}), never a pass. */
    public Decision acquire(List<Bucket> buckets) {
        return acquireAndRead(buckets, List.of()).decision();
    }

    /** A decision, and the values of the read keys when allowed (null for a missing key; empty when refused). */
    public record Read(Decision decision, List<String> values) {}

    /** {@link #acquireAndReadAsync}, waited for (worker threads only). */
    public Read acquireAndRead(List<Bucket> buckets, List<String> readKeys) {
        return acquireAndReadAsync(buckets, readKeys).await().indefinitely();
    }

    /**
     * {@link #acquire} and, only when allowed, a read of {@code readKeys} in the same script: the hot
     * path (introspection) pays one Redis round trip for its limit and its lookup together, without
     * blocking a thread. Fails with {@link DependencyUnavailableException} when Redis fails or does not
     * answer within {@code quarkus.redis.timeout} (the reactive client has no timeout of its own).
     */
    public Uni<Read> acquireAndReadAsync(List<Bucket> buckets, List<String> readKeys) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(buckets.size() + readKeys.size()));
        buckets.forEach(b -> args.add(b.key()));
        args.addAll(readKeys);
        args.add(String.valueOf(readKeys.size()));
        // Only unique, not secret: ThreadLocalRandom, not the synchronized SecureRandom behind UUID.randomUUID().
        ThreadLocalRandom random = ThreadLocalRandom.current();
        args.add(new UUID(random.nextLong(), random.nextLong()).toString());
        for (Bucket b : buckets) {
            args.add(String.valueOf(b.rate().limit()));
            args.add(String.valueOf(b.rate().window().toMillis()));
        }
        return withTimeout(run(SHA, SCRIPT, args)).map(answer -> read(buckets, answer));
    }

    /**
     * Up to {@code slots} slots of one bucket at once, recorded in its window now, for a replica to spend
     * without asking again ({@link SlotLeases}); none when the window is full. One round trip, same failures
     * as {@link #acquireAndReadAsync}.
     */
    public Uni<Granted> leaseAsync(Bucket bucket, int slots) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> args = List.of("1", bucket.key(), String.valueOf(bucket.rate().limit()),
                String.valueOf(bucket.rate().window().toMillis()), String.valueOf(slots), new UUID(random.nextLong(), random.nextLong()).toString());
        return withTimeout(run(LEASE_SHA, LEASE_SCRIPT, args)).map(answer -> new Granted(answer.get(0).toInteger(), answer.get(1).toLong()));
    }

    private Uni<Response> withTimeout(Uni<Response> call) {
        return call.ifNoItem().after(timeout).failWith(() -> new TimeoutException("Redis did not answer within " + timeout))
                .onFailure().transform(e -> new DependencyUnavailableException("Redis", e));
    }

    private static Read read(List<Bucket> buckets, Response answer) {
        if (answer.get(0).toInteger() != 1) {
            return new Read(new Decision(false, buckets.get(answer.get(1).toInteger() - 1).rule(), answer.get(2).toLong()), List.of());
        }
        List<String> values = new ArrayList<>();
        for (int i = 3; i < answer.size(); i++) {
            String value = answer.get(i).toString();
            // Lua cannot put nil in a table: a missing key comes back as '' (no stored value is empty).
            values.add(value == null || value.isEmpty() ? null : value);
        }
        return new Read(new Decision(true, null, 0), values);
    }

    private Uni<Response> run(String sha, String script, List<String> args) {
        List<String> withSha = new ArrayList<>(args);
        withSha.add(0, sha);
        // The script cache is empty after a Redis restart or failover: EVAL loads it again.
        return redis.execute(Command.EVALSHA, withSha.toArray(String[]::new))
                .onFailure(SlidingWindowLimiter::noScript).recoverWithUni(() -> {
                    List<String> withScript = new ArrayList<>(args);
                    withScript.add(0, script);
                    return redis.execute(Command.EVAL, withScript.toArray(String[]::new));
                });
    }

    private static boolean noScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
