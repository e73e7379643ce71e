package org.agencyverify.token;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Redis side of trust tokens, for introspection in one round trip and no signature check: the
 * tokens we issued (by the sha-256 of their exact bytes, so a forged or altered token is simply not
 * there), the revocation set, and a marker that says both are complete. PostgreSQL is the record;
 * when Redis loses its data the marker goes with it and introspection fails closed until a rebuild.
 * Every revocation written here is announced to every replica ({@link RevocationBus}) before it returns.
 */
@ApplicationScoped
public class TokenIndex {

    /** What Redis holds about one presented token. */
    public record Entry(boolean complete, String introspection, boolean revoked) {}

    /** A token to mark revoked: its hash, why, and when its index entry expires anyway. */
    public record Revoked(String tokenHash, String reason, Instant expiresAt) {}

    private final ValueCommands<String, String> values;
    private final ReactiveRedisDataSource reactive;
    private final Duration timeout;
    private final RevocationBus bus;
    private final String issuedPrefix;
    private final String revokedPrefix;
    private final String readyKey;
    private final String rebuildLockKey;

    TokenIndex(RedisDataSource redis, ReactiveRedisDataSource reactive, AgencyVerifyConfig config, RevocationBus bus,
            @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout) {
        this.values = redis.value(String.class);
        this.reactive = reactive;
        this.bus = bus;
        this.timeout = timeout;
        String prefix = config.redis().keyPrefix();
        this.issuedPrefix = prefix + "tt:";
        this.revokedPrefix = prefix + "tt-revoked:";
        this.readyKey = prefix + "tt-ready";
        this.rebuildLockKey = prefix + "tt-rebuild-lock";
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys {@link #entry} reads, in its order: the token, its revocation, the completeness marker. */
    public List<String> keys(String tokenHash) {
        return List.of(issuedPrefix + tokenHash, revokedPrefix + tokenHash, readyKey);
    }

    /** The entry from the values of {@link #keys}, read elsewhere (null for a missing key). */
    public Entry entry(List<String> values) {
        return new Entry(values.get(2) != null, values.get(0), values.get(1) != null);
    }

    /**
     * The entry of a token hash, without blocking (the event loop calls it). Fails with
     * {@link DependencyUnavailableException} when Redis fails or does not answer within {@code quarkus.redis.timeout}
     * (the reactive client has no timeout of its own).
     */
    public Uni<Entry> readAsync(String tokenHash) {
        return reactive.execute(Command.MGET, keys(tokenHash).toArray(String[]::new))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("Redis did not answer within " + timeout))
                .onFailure().transform(e -> new DependencyUnavailableException("Redis", e))
                .map(answer -> {
                    List<String> read = new ArrayList<>(3);
                    answer.forEach(value -> read.add(value == null ? null : value.toString()));
                    return entry(read);
                });
    }

    public void putIssued(String tokenHash, String introspection, Instant expiresAt) {
        if (expiresAt.isAfter(Instant.now())) {
            call(() -> {
                values.set(issuedPrefix + tokenHash, introspection, new SetArgs().pxAt(expiresAt));
                return null;
            });
        }
    }

    public void putRevoked(String tokenHash, String reason, Instant expiresAt) {
        putRevoked(List.of(new Revoked(tokenHash, reason, expiresAt)));
    }

    /**
     * Marks the tokens revoked in Redis, then tells every replica (this one at once) before returning: once this
     * returns, no replica serves them from memory. An expired token's mark is not written (its entry is gone).
     */
    public void putRevoked(List<Revoked> tokens) {
        List<String> hashes = new ArrayList<>(tokens.size());
        Instant now = Instant.now();
        for (Revoked token : tokens) {
            if (token.expiresAt().isAfter(now)) {
                call(() -> {
                    values.set(revokedPrefix + token.tokenHash(), token.reason(), new SetArgs().pxAt(token.expiresAt()));
                    return null;
                });
            }
            // Announced even when expired: a replica's copy of it goes either way.
            hashes.add(token.tokenHash());
        }
        bus.announce(hashes);
    }

    public boolean complete() {
        return call(() -> values.get(readyKey)) != null;
    }

    public void markComplete() {
        call(() -> {
            values.set(readyKey, Instant.now().toString());
            return null;
        });
    }

    /** One replica rebuilds at a time; the lock expires on its own if that replica dies. */
    public boolean claimRebuild(Duration hold) {
        return call(() -> values.setGet(rebuildLockKey, "1", new SetArgs().nx().px(hold))) == null;
    }

    public void releaseRebuild() {
        call(() -> values.getdel(rebuildLockKey));
    }

    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis", e);
        }
    }
}
