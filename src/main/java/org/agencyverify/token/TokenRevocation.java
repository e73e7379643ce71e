package org.agencyverify.token;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencySuspended;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerSummary;
import org.agencyverify.officer.OfficerWithdrawn;
import org.agencyverify.portal.CallingPortals.CallingPortal;

/**
 * Revokes trust tokens: Redis first (so introspection stops vouching at once), then the record in
 * PostgreSQL. If Redis is down nothing is revoked and the caller hears 503; if the PostgreSQL part
 * fails after Redis took it, the token stays refused (the safe side) and the caller retries.
 */
@ApplicationScoped
public class TokenRevocation {

    private final TokenIndex index;
    private final SecurityEvents events;
    private final AuditLog audit;
    private final PortalTokenLimits limits;
    private final OfficerDirectory officers;
    private final StatusListRecord statusList;

    TokenRevocation(TokenIndex index, SecurityEvents events, AuditLog audit, PortalTokenLimits limits, OfficerDirectory officers,
            StatusListRecord statusList) {
        this.officers = officers;
        this.statusList = statusList;
        this.index = index;
        this.events = events;
        this.audit = audit;
        this.limits = limits;
    }

    /**
     * RFC 7009: a portal revokes a token issued to it. An unknown token, or another portal's, is
     * answered the same (200) and changes nothing.
     */
    public void revokeByPortal(Actor actor, CallingPortal portal, String token) {
        limits.revocation(portal.id());
        if (token == null || token.isBlank() || token.length() > TokenIntrospection.MAX_TOKEN_LENGTH) {
            return;
        }
        String hash = TokenIndex.hash(token.strip());
        TrustToken found = QuarkusTransaction.requiringNew().call(() -> TrustToken.<TrustToken>find("tokenHash", hash).firstResult());
        if (found == null || !found.portalId.equals(portal.id()) || found.revokedAt != null) {
            return;
        }
        index.putRevoked(found.tokenHash, "portal-request", found.expiresAt);
        // The portal asked for it itself: no event is pushed back to it.
        QuarkusTransaction.requiringNew().run(() -> {
            statusList.bump();
            record(actor, found, "portal-request", now());
        });
    }

    /**
     * An officer suspended or removed: its tokens are revoked in that change's transaction (an exception
     * here reaches the {@code fire()} and refuses the change too).
     */
    void officerWithdrawn(@Observes(during = TransactionPhase.IN_PROGRESS) OfficerWithdrawn withdrawn) {
        revokeOfficerTokens(withdrawn.actor(), withdrawn.officerId(), withdrawn.reason());
    }

    /** An agency suspended: its officers' tokens are revoked in the suspension's transaction (likewise). */
    void agencySuspended(@Observes(during = TransactionPhase.IN_PROGRESS) AgencySuspended suspended) {
        revokeAgencyTokens(suspended.actor(), suspended.agencyId(), suspended.reason());
    }

    /**
     * Every live token of this officer, in the caller's transaction (the suspension or removal that
     * causes it). Their portals are told: session revoked, and the account disabled.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeOfficerTokens(Actor actor, UUID officerId, String reason) {
        return revokeAll(actor, TrustToken.list("officerId = ?1 and revokedAt is null and expiresAt > ?2", officerId, Instant.now()),
                reason, true);
    }

    /** Every live token of the agency's officers, in the caller's transaction (the agency's suspension). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeAgencyTokens(Actor actor, UUID agencyId, String reason) {
        return revokeAll(actor, TrustToken.list("agencyId = ?1 and revokedAt is null and expiresAt > ?2", agencyId, Instant.now()),
                reason, false);
    }

    /** Every live token a key signed, when the key leaves the JWKS (normally none are left by then). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeKeyTokens(Actor actor, String kid) {
        return revokeAll(actor, TrustToken.list("kid = ?1 and revokedAt is null and expiresAt > ?2", kid, Instant.now()),
                "key-removed", false);
    }

    private int revokeAll(Actor actor, List<TrustToken> tokens, String reason, boolean accountDisabled) {
        // Before anything is stored: if Redis refuses, the whole change is refused (503) and rolled back.
        index.putRevoked(tokens.stream().map(token -> new TokenIndex.Revoked(token.tokenHash, reason, token.expiresAt)).toList());
        if (!tokens.isEmpty()) {
            statusList.bump();
        }
        Instant now = now();
        for (TrustToken token : tokens) {
            if (record(actor, token, reason, now)) {
                String email = token.email != null ? token.email
                        : officers.find(token.officerId).map(OfficerSummary::email).orElseThrow();
                events.tokenRevoked(token, reason, email, accountDisabled);
            }
        }
        return tokens.size();
    }

    /**
     * Marks the token revoked. Callers bump the status list's version first, in the same transaction: every
     * replica then rebuilds its list after the commit, and the version row is always locked before any
     * token row, so a cascade and a portal's revocation of the same token cannot deadlock.
     */
    private boolean record(Actor actor, TrustToken token, String reason, Instant now) {
        int changed = TrustToken.update("revokedAt = ?1, revokedReason = ?2 where jti = ?3 and revokedAt is null", now, reason,
                token.jti);
        if (changed == 1) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", reason);
            details.put("verificationId", token.verificationId.toString());
            if (token.officerId != null) {
                details.put("officerId", token.officerId.toString());
            }
            details.put("portalId", token.portalId.toString());
            audit.record(actor, "token.revoked", "trust_token", token.jti.toString(), details);
        }
        return changed == 1;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
