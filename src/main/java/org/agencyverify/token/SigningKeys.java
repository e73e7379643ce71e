package org.agencyverify.token;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Actor;

/**
 * The service's signing keys. There is always an ACTIVE key that signs and a NEXT key that is already
 * published; rotation promotes NEXT, so every key is in portals' cached JWKS before it signs, and the
 * retired key stays published until every token it signed has expired.
 */
@ApplicationScoped
public class SigningKeys {

    /** The key that signs now. */
    public record ActiveKey(String kid, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "ActiveKey[" + kid + "]";
        }
    }

    /** A key as operators see it (never the private part). */
    public record KeyView(String kid, String algorithm, SigningKey.Status status, Instant createdAt, Instant activatedAt,
            Instant retiredAt, Instant publishUntil) {
        static KeyView of(SigningKey key) {
            return new KeyView(key.kid, key.algorithm, key.status, key.createdAt, key.activatedAt, key.retiredAt, key.publishUntil);
        }
    }

    private static final Duration PUBLISHED_TTL = Duration.ofSeconds(5);

    private record Published(List<Map<String, Object>> keys, long loadedNanos) {}

    private final SigningKeyMaterial material;
    private final TokenConfig config;
    private final AuditLog audit;
    /** The JWKS as last read (see {@link #published()}); dropped by this replica's own changes. */
    private volatile Published published;

    private final TokenRevocation revocation;

    SigningKeys(SigningKeyMaterial material, TokenConfig config, AuditLog audit, TokenRevocation revocation) {
        this.revocation = revocation;
        this.material = material;
        this.config = config;
        this.audit = audit;
    }

    /** The ACTIVE key, creating the first ACTIVE and NEXT pair when there is none. */
    public ActiveKey active() {
        SigningKey active = QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>find("status", SigningKey.Status.ACTIVE)
                .firstResult());
        if (active == null) {
            active = bootstrap();
        }
        return new ActiveKey(active.kid, material.privateKey(active));
    }

    /**
     * Replicas starting together race to create the first keys (the status list asks for one a second after
     * start). The audit chain's lock, which the key's audit event takes anyway, lets one create them while the
     * others wait and then find them, instead of failing on the unique index with an ERROR in their logs.
     */
    private SigningKey bootstrap() {
        return QuarkusTransaction.requiringNew().call(() -> {
            audit.lockChain();
            SigningKey existing = SigningKey.<SigningKey>find("status", SigningKey.Status.ACTIVE).firstResult();
            if (existing != null) {
                return existing;
            }
            Instant now = now();
            SigningKey first = material.create(SigningKey.Status.ACTIVE, now);
            first.activatedAt = now;
            material.create(SigningKey.Status.NEXT, now);
            audit.record(Actor.SYSTEM, "signing-key.created", "signing_key", first.kid, Map.of("status", "ACTIVE"));
            return first;
        });
    }

    /**
     * Retires the ACTIVE key (published until the longest token it may have signed has expired), makes
     * NEXT the ACTIVE key and publishes a new NEXT. Serialized across replicas by a row lock; refused
     * while NEXT is younger than the JWKS cache lifetime, since portals may not have fetched it yet.
     */
    @Transactional
    public KeyView rotate(Actor actor) {
        return rotateLocked(actor, false).orElseThrow();
    }

    /** The scheduled rotation: only when the ACTIVE key is past its period, re-checked under the lock. */
    @Transactional
    public Optional<KeyView> rotateIfDue() {
        return rotateLocked(Actor.SYSTEM, true);
    }

    private Optional<KeyView> rotateLocked(Actor actor, boolean onlyIfDue) {
        SigningKey active = SigningKey.<SigningKey>find("status", SigningKey.Status.ACTIVE)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (active == null && onlyIfDue) {
            // No key before the first token or JWKS asks for one: nothing is due (not a failure to warn about).
            return Optional.empty();
        }
        if (active == null) {
            throw new IllegalStateException("no ACTIVE signing key to rotate");
        }
        Instant now = now();
        if (onlyIfDue && !active.activatedAt.plus(config.keyRotationPeriod()).isBefore(now)) {
            return Optional.empty();
        }
        SigningKey next = SigningKey.<SigningKey>find("status", SigningKey.Status.NEXT).withLock(LockModeType.PESSIMISTIC_WRITE)
                .singleResult();
        Instant publishedLongEnough = next.createdAt.plus(config.jwksMaxAge());
        if (publishedLongEnough.isAfter(now)) {
            throw new ApiException(ProblemType.CONFLICT, "The next key was published less than " + config.jwksMaxAge().toMinutes()
                    + " minutes ago and portals may not have fetched it yet. Rotate again after " + publishedLongEnough + ".");
        }
        active.status = SigningKey.Status.RETIRED;
        active.retiredAt = now;
        active.publishUntil = now.plus(longestLifetime()).plus(Duration.ofMinutes(5));
        active.flush();
        next.status = SigningKey.Status.ACTIVE;
        next.activatedAt = now;
        next.flush();
        SigningKey newNext = material.create(SigningKey.Status.NEXT, now);
        published = null;
        audit.record(actor, "signing-key.rotated", "signing_key", next.kid, Map.of("retired", active.kid, "next", newNext.kid,
                "retiredPublishedUntil", active.publishUntil.toString()));
        return Optional.of(KeyView.of(next));
    }

    /**
     * RETIRED keys whose tokens have all expired leave the JWKS. Should a token of such a key still
     * live (a lifetime shortened by hand, a clock jump), it is revoked with it: introspection must
     * never vouch for what portals can no longer check offline.
     */
    @Transactional
    public int removeExpiredRetired() {
        List<SigningKey> done = SigningKey.list("status = ?1 and publishUntil < ?2", SigningKey.Status.RETIRED, Instant.now());
        for (SigningKey key : done) {
            revocation.revokeKeyTokens(Actor.SYSTEM, key.kid);
            key.status = SigningKey.Status.REMOVED;
            published = null;
            audit.record(Actor.SYSTEM, "signing-key.removed", "signing_key", key.kid, Map.of("retiredAt", key.retiredAt.toString()));
        }
        return done.size();
    }

    /**
     * The public JWKs portals verify with: ACTIVE, NEXT and RETIRED keys still needed. The JWKS is public
     * and unauthenticated, so it is served from memory, read again from the database at most every
     * {@link #publishedTtl()} (`make bench` measured about 500 requests/s with two queries per request).
     * Safe across replicas: a NEXT key signs only once it is {@code jwks-max-age} old (rotation refuses
     * sooner), and this copy lives less than that, so every replica has published it before it signs.
     */
    public List<Map<String, Object>> published() {
        return publishedInMemory().orElseGet(this::load);
    }

    /** {@link #published()} when the copy in memory is recent enough, without any query. */
    public Optional<List<Map<String, Object>>> publishedInMemory() {
        Published cached = published;
        return cached != null && System.nanoTime() - cached.loadedNanos() < publishedTtl().toNanos()
                ? Optional.of(cached.keys()) : Optional.empty();
    }

    private List<Map<String, Object>> load() {
        long now = System.nanoTime();
        if (QuarkusTransaction.requiringNew().call(() -> SigningKey.count("status", SigningKey.Status.ACTIVE)) == 0) {
            active();
        }
        List<Map<String, Object>> keys = QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>list(
                "status in ?1 order by createdAt", List.of(SigningKey.Status.ACTIVE, SigningKey.Status.NEXT, SigningKey.Status.RETIRED))
                .stream().map(material::publicJwk).toList());
        published = new Published(keys, now);
        return keys;
    }

    /** How long a replica serves its in-memory JWKS: 5 s, and always well under {@code jwks-max-age}. */
    Duration publishedTtl() {
        Duration half = config.jwksMaxAge().dividedBy(2);
        return half.compareTo(PUBLISHED_TTL) < 0 ? half : PUBLISHED_TTL;
    }

    @Transactional
    public List<KeyView> list() {
        return SigningKey.<SigningKey>list("order by createdAt").stream().map(KeyView::of).toList();
    }

    Duration longestLifetime() {
        return config.lifetime().compareTo(config.emergencyLifetime()) >= 0 ? config.lifetime() : config.emergencyLifetime();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
