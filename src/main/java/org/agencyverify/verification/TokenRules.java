package org.agencyverify.verification;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks on a token whose signature, issuer, audience and expiry were already verified: that it
 * is the officer's, minted for a client allowed to produce officer tokens, fresh and strong enough.
 * A token that came through an agency's IdP ({@code identity_provider}) is judged by the agency's own
 * sign-in ({@code idp_auth_time}, {@code idp_acr}, {@code idp_amr}), never by Keycloak's broker session,
 * which may be fresh while the agency's sign-in is hours old or password-only: the IdP must be one the
 * officer's agency linked, the agency's sign-in within the purpose's max-auth-age, its acr one the IdP
 * was linked with (and, for a purpose that lists some, one of the tier's), its amr naming a method the
 * tier demands when it demands any. Answers the reason for the audit log, or empty when the token passes.
 */
public final class TokenRules {

    /** What the agency's own IdP said of its sign-in: the {@code idp_*} claims Keycloak copied from its ID token. */
    public record Upstream(Instant authTime, String acr, Set<String> amr) {
        public static final Upstream NONE = new Upstream(null, null, Set.of());

        public Upstream {
            acr = acr == null || acr.isBlank() ? null : acr;
            amr = amr == null ? Set.of() : Set.copyOf(amr);
        }
    }

    /** What the rules read from a verified token; {@code client} is its {@code azp}. */
    public record Facts(String subject, Instant authTime, String acr, Set<String> amr, String identityProvider, String client,
            Upstream upstream) {
        public Facts {
            amr = amr == null ? Set.of() : Set.copyOf(amr);
            upstream = upstream == null ? Upstream.NONE : upstream;
        }

        public boolean federated() {
            return identityProvider != null && !identityProvider.isBlank();
        }

        /** The amr that is judged: the agency's for a sign-in at its IdP, Keycloak's otherwise. */
        public Set<String> provedAmr() {
            return federated() ? upstream.amr() : amr;
        }
    }

    /** Clock skew tolerated for an auth_time slightly in the future. */
    static final Duration SKEW = Duration.ofSeconds(30);

    private TokenRules() {}

    /**
     * @param agencyIdentityProviders for an IdP alias: the acr values it was linked with when it is one of
     *                                the officer's own agency's IdPs, else empty
     * @param officerClients          the clients ({@code azp}) allowed to produce officer tokens
     */
    public static Optional<String> check(Facts token, String officerUserId,
            Function<String, Optional<Set<String>>> agencyIdentityProviders, Set<String> officerClients, PurposePolicy policy,
            Instant now) {
        if (officerUserId == null || !officerUserId.equals(token.subject())) {
            return Optional.of("token-subject-mismatch");
        }
        if (token.client() == null || !officerClients.contains(token.client())) {
            return Optional.of("token-client-not-allowed");
        }
        return signIn(token, agencyIdentityProviders, policy, now);
    }

    /**
     * Only the sign-in's strength and freshness, for a sign-in whose user and client were judged
     * elsewhere (the officer's page of an emailed request: its own client, the request's officer).
     */
    public static Optional<String> signIn(Facts token, Function<String, Optional<Set<String>>> agencyIdentityProviders,
            PurposePolicy policy, Instant now) {
        if (token.federated()) {
            Optional<Set<String>> acceptedAcr = agencyIdentityProviders.apply(token.identityProvider());
            return acceptedAcr.isEmpty() ? Optional.of("token-foreign-identity-provider")
                    : federated(token.upstream(), acceptedAcr.get(), policy, now);
        }
        Optional<String> stale = fresh(token.authTime(), policy, now, "token-without-auth-time", "token-auth-time-stale");
        if (stale.isPresent()) {
            return stale;
        }
        return policy.strongDirect(token.amr()) ? Optional.empty() : Optional.of("token-authentication-too-weak");
    }

    private static Optional<String> federated(Upstream upstream, Set<String> acceptedAcr, PurposePolicy policy, Instant now) {
        Optional<String> stale = fresh(upstream.authTime(), policy, now, "token-without-idp-auth-time", "token-idp-auth-time-stale");
        if (stale.isPresent()) {
            return stale;
        }
        if (acceptedAcr.isEmpty()) {
            // Linked without saying which of its sign-ins are strong: it vouches for none.
            return Optional.of("token-idp-without-accepted-acr");
        }
        if (upstream.acr() == null || !acceptedAcr.contains(upstream.acr())) {
            return Optional.of("token-idp-acr-not-accepted");
        }
        return policy.strongFederated(upstream.acr(), upstream.amr()) ? Optional.empty()
                : Optional.of("token-authentication-too-weak");
    }

    private static Optional<String> fresh(Instant authTime, PurposePolicy policy, Instant now, String missing, String stale) {
        if (authTime == null) {
            return Optional.of(missing);
        }
        if (authTime.isAfter(now.plus(SKEW)) || authTime.isBefore(now.minus(policy.maxAuthAge()))) {
            return Optional.of(stale);
        }
        return Optional.empty();
    }
}
