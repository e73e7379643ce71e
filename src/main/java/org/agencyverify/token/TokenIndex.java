package org.agencyverify.token;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;

/**
 * The Redis side of trust tokens, for introspection in one round trip and no signature check: the
 * tokens we issued (by the sha-256 of their exact bytes, so a forged or altered token is simply not
 * there), the revocation set, and a marker that says both are complete. PostgreSQL is the record;
 * when Redis loses its data the marker goes with it and introspection fails closed until a rebuild.
 */
@ApplicationScoped
public class TokenIndex {

    /** What Redis holds about one presented token. */
    public record Entry(boolean complete, String introspection, boolean revoked) {}

    private final ValueCommands<String, String> values;
    private final String issuedPrefix;
    private final String revokedPrefix;
    private final String readyKey;
    private final String rebuildLockKey;

    TokenIndex(RedisDataSource redis, AgencyVerifyConfig config) {
        this.values = redis.value(String.class);
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

    public void putIssued(String tokenHash, String introspection, Instant expiresAt) {
        if (expiresAt.isAfter(Instant.now())) {
            call(() -> {
                values.set(issuedPrefix + tokenHash, introspection, new SetArgs().pxAt(expiresAt));
                return null;
            });
        }
    }

    public void putRevoked(String tokenHash, String reason, Instant expiresAt) {
        if (expiresAt.isAfter(Instant.now())) {
            call(() -> {
                values.set(revokedPrefix + tokenHash, reason, new SetArgs().pxAt(expiresAt));
                return null;
            });
        }
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
