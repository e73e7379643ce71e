package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.security.Actor;
import org.agencyverify.risk.RiskFindings;
import org.agencyverify.token.TokenIssuer;
import org.agencyverify.verification.VerificationDtos.VerificationView;

/**
 * A started verification as its portal reads it, and the trust token signed at the first read after
 * approval. Starting one is {@link VerificationService}'s job; every state move is {@link VerificationLifecycle}'s.
 */
@ApplicationScoped
public class VerificationProgress {

    private final TokenIssuer tokens;
    private final VouchedFacts vouched;
    private final VerificationLifecycle lifecycle;
    private final RiskFindings findings;
    private final VerificationConfig config;

    VerificationProgress(TokenIssuer tokens, VouchedFacts vouched, VerificationLifecycle lifecycle, RiskFindings findings,
            VerificationConfig config) {
        this.tokens = tokens;
        this.findings = findings;
        this.vouched = vouched;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    /**
     * The verification as its own portal sees it; another portal's looks exactly like an unknown id.
     * The first read after approval signs the trust token, once, under a lock on the verification, and
     * answers with the token it has just signed.
     */
    @Transactional
    public Optional<VerificationView> find(Actor actor, UUID portalId, UUID id) {
        return Verification.<Verification>find("id = ?1 and portalId = ?2", id, portalId).firstResultOptional().map(v -> {
            Optional<TokenIssuer.Issued> signed = advance(actor, v);
            if (signed.isPresent()) {
                return view(v, signed);
            }
            return view(v, v.state == VerificationState.TOKEN_ISSUED ? tokens.collect(v.id) : Optional.empty());
        });
    }

    /** A poll's answer: where the verification stands now, and the token when this very poll signed it. */
    public record Polled(VerificationState state, Optional<TokenIssuer.Issued> signed) {}

    /**
     * As {@link #find}, for a poll that collects the token once (CIBA): the token comes only with the poll
     * that signs it; later polls see TOKEN_ISSUED without it.
     */
    @Transactional
    public Optional<Polled> poll(Actor actor, UUID portalId, UUID id) {
        return Verification.<Verification>find("id = ?1 and portalId = ?2", id, portalId).firstResultOptional()
                .map(v -> {
                    Optional<TokenIssuer.Issued> signed = advance(actor, v);
                    return new Polled(v.state, signed);
                });
    }

    /**
     * Moves a read verification on as time and approvals have it: past its deadline it expires; APPROVED
     * signs the token once, under a lock on the verification, and answers it.
     */
    private Optional<TokenIssuer.Issued> advance(Actor actor, Verification v) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (v.state == VerificationState.APPROVED) {
            // Two polls at once must not both sign: lock, then re-read the state under the lock.
            Verification.getEntityManager().refresh(v, LockModeType.PESSIMISTIC_WRITE);
        }
        if ((v.state == VerificationState.PENDING_CONFIRMATION || v.state == VerificationState.APPROVED)
                && !v.expiresAt.isAfter(now)) {
            lifecycle.expire(actor, v, now);
        }
        if (v.state != VerificationState.APPROVED) {
            return Optional.empty();
        }
        Optional<TokenIssuer.Vouched> facts = vouched.stillVouched(v);
        if (facts.isEmpty()) {
            // Suspended or removed after the contacts approved: the approval no longer holds.
            lifecycle.expire(actor, v, now);
            return Optional.empty();
        }
        TokenIssuer.Issued token = tokens.issue(facts.get(), now);
        lifecycle.tokenIssued(actor, v, token, now);
        return Optional.of(token);
    }

    VerificationView view(Verification v, Optional<TokenIssuer.Issued> token) {
        return new VerificationView(v.id, v.state, v.purpose, v.caseReference, v.expiresAt, v.bindingMessage,
                Math.max(1, config.pollInterval().toSeconds()), token.map(TokenIssuer.Issued::token).orElse(null),
                token.map(TokenIssuer.Issued::expiresAt).orElse(null), findings.namesFor(v.id));
    }
}
