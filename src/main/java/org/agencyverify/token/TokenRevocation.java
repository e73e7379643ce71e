package org.agencyverify.token;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.agencyverify.portal.CallingPortals.CallingPortal;

/**
 * Revokes trust tokens: Redis first (so introspection stops vouching at once), then the record in
 * PostgreSQL. If Redis is down nothing is revoked and the caller hears 503; if PostgreSQL fails after
 * Redis took it, the token stays refused (the safe side) and the caller retries.
 */
@ApplicationScoped
public class TokenRevocation {

    private final TokenIndex index;
    private final AuditLog audit;

    TokenRevocation(TokenIndex index, AuditLog audit) {
        this.index = index;
        this.audit = audit;
    }

    /**
     * RFC 7009: a portal revokes a token issued to it. An unknown token, or another portal's, is
     * answered the same (200) and changes nothing.
     */
    public void revokeByPortal(Actor actor, CallingPortal portal, String token) {
        if (token == null || token.isBlank() || token.length() > TokenIntrospection.MAX_TOKEN_LENGTH) {
            return;
        }
        String hash = TokenIndex.hash(token.strip());
        TrustToken found = QuarkusTransaction.requiringNew().call(() -> TrustToken.<TrustToken>find("tokenHash", hash).firstResult());
        if (found == null || !found.portalId.equals(portal.id()) || found.revokedAt != null) {
            return;
        }
        revoke(actor, List.of(found), "portal-request");
    }

    /** Every live token of this officer (suspended, removed, reported compromised). */
    public int revokeOfficerTokens(Actor actor, UUID officerId, String reason) {
        return revoke(actor, live("officerId = ?1 and revokedAt is null and expiresAt > ?2", officerId), reason);
    }

    /** Every live token of this agency's officers (agency suspended). */
    public int revokeAgencyTokens(Actor actor, UUID agencyId, String reason) {
        return revoke(actor, live("agencyId = ?1 and revokedAt is null and expiresAt > ?2", agencyId), reason);
    }

    private static List<TrustToken> live(String query, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> TrustToken.<TrustToken>list(query, id, Instant.now()));
    }

    private int revoke(Actor actor, List<TrustToken> tokens, String reason) {
        for (TrustToken token : tokens) {
            index.putRevoked(token.tokenHash, reason, token.expiresAt);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (TrustToken token : tokens) {
                int changed = TrustToken.update("revokedAt = ?1, revokedReason = ?2 where jti = ?3 and revokedAt is null",
                        now, reason, token.jti);
                if (changed == 1) {
                    audit.record(actor, "token.revoked", "trust_token", token.jti.toString(), Map.of("reason", reason,
                            "verificationId", token.verificationId.toString(), "officerId", token.officerId.toString(),
                            "portalId", token.portalId.toString()));
                }
            }
        });
        return tokens.size();
    }
}
