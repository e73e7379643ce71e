package org.agencyverify.token;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * The signed status list this replica serves, from memory. Each replica polls the list's version in
 * PostgreSQL every {@code status-list-check-every} and rebuilds (reads the revoked indexes, signs with the
 * ACTIVE token key) when a revocation bumped it, and at least every half {@code ttl}. Fail closed: a list
 * is served only while this replica confirmed it current within the last {@code ttl} and before its
 * {@code exp}; otherwise (PostgreSQL down, no key) the answer is 503, never a list that may say VALID for
 * a token revoked since.
 */
@ApplicationScoped
@Startup
public class StatusListCache {

    /** A signed list as served: the compact JWT, its strong ETag, and what it was built from. */
    public record Served(String jwt, String etag, long version, Instant issuedAt, Instant expiresAt) {}

    private record State(Served list, Instant verifiedAt) {}

    private static final Duration CHECK_WAIT = Duration.ofSeconds(2);

    private final StatusListRecord record;
    private final SigningKeys keys;
    private final TokenIssuer issuer;
    private final TokenConfig config;
    private final ObjectMapper json;
    private volatile State state;
    /** One check at a time; a request that finds one running waits for it {@link #CHECK_WAIT} at most. */
    private final ReentrantLock checking = new ReentrantLock();

    StatusListCache(StatusListRecord record, SigningKeys keys, TokenIssuer issuer, TokenConfig config, ObjectMapper json) {
        this.record = record;
        this.json = json;
        this.keys = keys;
        this.issuer = issuer;
        this.config = config;
        // A list is re-signed every half ttl and served until a ttl before its exp: the lifetime must cover both.
        if (config.statusListTtl().toSeconds() < 2 || config.statusListLifetime().compareTo(config.statusListTtl().multipliedBy(2)) < 0) {
            throw new IllegalStateException("agency-verify.tokens.status-list-ttl must be at least 2 s and at most half of"
                    + " status-list-lifetime");
        }
    }

    @Scheduled(identity = "token-status-list", every = "${agency-verify.tokens.status-list-check-every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        try {
            check();
        } catch (RuntimeException e) {
            // Served lists go stale on their own (served() refuses them after ttl): nothing else to do here.
            Log.warnf("Status list not checked (%s); tried again on the next run", e.getClass().getSimpleName());
        }
    }

    /**
     * One check against PostgreSQL: rebuild when a revocation changed the version or the list is half a ttl
     * old, otherwise record that it is still current. Throws when PostgreSQL or the key cannot be reached.
     */
    void check() {
        checking.lock();
        try {
            refresh();
        } finally {
            checking.unlock();
        }
    }

    private void refresh() {
        Instant now = Instant.now();
        State current = state;
        long version = record.version();
        if (current == null || current.list().version() != version
                || !current.list().issuedAt().plus(config.statusListTtl().dividedBy(2)).isAfter(now)) {
            state = new State(build(now), now);
        } else {
            state = new State(current.list(), now);
        }
    }

    /** The list to serve now if the copy in memory is known current, without waiting or any query. */
    public Optional<Served> current() {
        State current = state;
        return servable(current, Instant.now()) ? Optional.of(current.list()) : Optional.empty();
    }

    /** The list to serve now; 503 when none is known current. May query PostgreSQL or wait for a check. */
    public Served served() {
        State current = state;
        if (!servable(current, Instant.now()) && lockForCheck()) {
            try {
                // The check that held the lock may just have made one: build only if it did not.
                if (!servable(state, Instant.now())) {
                    refresh();
                }
            } catch (RuntimeException e) {
                Log.warnf("Status list unavailable (%s)", e.getClass().getSimpleName());
            } finally {
                checking.unlock();
            }
            current = state;
        }
        if (!servable(current, Instant.now())) {
            throw new ApiException(ProblemType.SERVICE_UNAVAILABLE, "The token status list cannot be confirmed current right"
                    + " now, so none is served. Retry in a few seconds, or introspect the token.");
        }
        return current.list();
    }

    /** Waits briefly for a running check (the first one at start, say), never long: PostgreSQL may be hanging. */
    private boolean lockForCheck() {
        try {
            return checking.tryLock(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The time a response may be cached: the ttl, and never past the list's exp. */
    public Duration maxAge(Served list) {
        Duration left = Duration.between(Instant.now(), list.expiresAt());
        return left.compareTo(config.statusListTtl()) < 0 ? left : config.statusListTtl();
    }

    private boolean servable(State current, Instant now) {
        return current != null && servable(current.verifiedAt(), current.list().expiresAt(), config.statusListTtl(), now);
    }

    /**
     * Whether a list may be served (plain rule): confirmed current by PostgreSQL within the last ttl, and a ttl
     * before its exp, so a portal that keeps it for max-age still holds an unexpired list.
     */
    static boolean servable(Instant verifiedAt, Instant expiresAt, Duration ttl, Instant now) {
        return verifiedAt.plus(ttl).isAfter(now) && expiresAt.minus(ttl).isAfter(now);
    }

    private Served build(Instant now) {
        StatusListRecord.Snapshot snapshot = record.snapshot(now);
        String lst = StatusListEncoding.lst(StatusListToken.array(snapshot.invalid()));
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
        String jwt = sign(StatusListToken.claims(issuer.issuer(), issuer.statusListUri(), iat, config.statusListLifetime(),
                config.statusListTtl(), lst));
        String etag = TokenIndex.hash(jwt).substring(0, 32);
        return new Served(jwt, etag, snapshot.version(), iat, iat.plus(config.statusListLifetime()));
    }

    /**
     * Signed as trust tokens are (ES256, the ACTIVE key and its kid), but with exactly the draft's claims: the
     * JWT builder used for trust tokens would add a jti of its own.
     */
    private String sign(Map<String, Object> claims) {
        SigningKeys.ActiveKey key = keys.active();
        JsonWebSignature jws = new JsonWebSignature();
        try {
            jws.setPayload(json.writeValueAsString(claims));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            jws.setKeyIdHeaderValue(key.kid());
            jws.setHeader("typ", StatusListToken.TYPE);
            jws.setKey(key.privateKey());
            return jws.getCompactSerialization();
        } catch (JsonProcessingException | JoseException e) {
            throw new IllegalStateException("status list not signed", e);
        }
    }
}
