package org.agencyverify.token;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.agencyverify.common.security.Actor;

/**
 * Refills the Redis token index and revocation set from PostgreSQL whenever the completeness marker
 * is missing (a fresh Redis, or one that lost its data). Until it is back, introspection answers 503.
 */
@ApplicationScoped
public class TokenIndexRebuild {

    private static final Duration HOLD = Duration.ofMinutes(2);
    private static final int PAGE = 500;

    private final TokenIndex index;
    private final AuditLog audit;

    TokenIndexRebuild(TokenIndex index, AuditLog audit) {
        this.index = index;
        this.audit = audit;
    }

    @Scheduled(identity = "token-index", every = "${agency-verify.tokens.index-check-every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        try {
            if (!index.complete()) {
                rebuild();
            }
        } catch (DependencyUnavailableException e) {
            Log.warn("Redis unavailable; the token index is checked again on the next run");
        } catch (RuntimeException e) {
            // PostgreSQL down during a rebuild: one line per run, not the scheduler's stack trace.
            Log.warnf("Token index not checked (%s); retried next run", e.getClass().getSimpleName());
        }
    }

    /** Rebuilds unless another replica is doing it; answers how many live tokens were indexed, or -1. */
    public int rebuild() {
        if (!index.claimRebuild(HOLD)) {
            return -1;
        }
        try {
            Instant now = Instant.now();
            int count = 0;
            for (int page = 0; ; page++) {
                int offset = page;
                List<TrustToken> live = QuarkusTransaction.requiringNew().call(() -> TrustToken.<TrustToken>find(
                        "expiresAt > ?1 order by jti", now).page(offset, PAGE).list());
                List<TokenIndex.Revoked> revoked = new ArrayList<>();
                for (TrustToken token : live) {
                    index.putIssued(token.tokenHash, token.introspection, token.expiresAt);
                    if (token.revokedAt != null) {
                        revoked.add(new TokenIndex.Revoked(token.tokenHash, token.revokedReason, token.expiresAt));
                    }
                }
                index.putRevoked(revoked);
                count += live.size();
                if (live.size() < PAGE) {
                    break;
                }
            }
            index.markComplete();
            int indexed = count;
            QuarkusTransaction.requiringNew().run(() -> audit.record(Actor.SYSTEM, "token-index.rebuilt", "token_index", "redis",
                    Map.of("liveTokens", indexed)));
            Log.infof("Token index rebuilt from PostgreSQL: %d live tokens", indexed);
            return indexed;
        } finally {
            index.releaseRebuild();
        }
    }
}
