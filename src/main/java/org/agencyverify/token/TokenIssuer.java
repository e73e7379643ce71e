package org.agencyverify.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.crypto.StoredSecrets;
import org.agencyverify.common.purpose.Purpose;

/**
 * Signs the one trust token of an approved verification and keeps it for its portal to collect. The
 * Redis index entry is written before the transaction commits: if Redis is down nothing is issued,
 * and a token is never handed out that introspection would not know.
 */
@ApplicationScoped
public class TokenIssuer {

    private final SigningKeys keys;
    private final TokenIndex index;
    private final StatusIndexes statusIndexes;
    private final StoredSecrets secrets;
    private final TokenConfig config;
    private final AgencyVerifyConfig service;
    private final ObjectMapper json;

    TokenIssuer(SigningKeys keys, TokenIndex index, StatusIndexes statusIndexes, StoredSecrets secrets, TokenConfig config,
            AgencyVerifyConfig service, ObjectMapper json) {
        this.keys = keys;
        this.index = index;
        this.statusIndexes = statusIndexes;
        this.secrets = secrets;
        this.config = config;
        this.service = service;
        this.json = json;
    }

    public String issuer() {
        return config.issuer().orElse(service.baseUrl());
    }

    /** The one status list every trust token refers to: the {@code uri} of its status claim, the {@code sub} of the list. */
    public String statusListUri() {
        return service.baseUrl() + StatusListToken.PATH;
    }

    /**
     * What an approved verification vouches for, gathered by the verification feature: a token is built
     * from these facts alone (as Spring Authorization Server's JwtGenerator builds from a context), never
     * by reading another feature's rows. {@code officerId} is null for a confirmed sender who is not an
     * enrolled officer; {@code subject} is the token's {@code sub}.
     */
    public record Vouched(UUID verificationId, UUID officerId, String subject, String email, String audience, UUID portalId,
            String portalClientId, UUID agencyId, String agencyName, String country, String region, String domain, String acr,
            List<String> amr, Purpose purpose, String caseReference, String documentDigest, String cnfJkt) {}

    /** A signed token as its portal collects it. */
    public record Issued(UUID jti, String kid, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[" + jti + ", expires " + expiresAt + "]";
        }
    }

    /**
     * Signs the token and keeps it sealed for later collection; the caller holds the verification's row
     * lock and moves it to TOKEN_ISSUED. The answer carries the token itself, so the read that signs it
     * needs no unsealing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Issued issue(Vouched v, Instant now) {
        UUID jti = UUID.randomUUID();
        Duration lifetime = TrustTokenClaims.lifetime(v.purpose(), config.lifetime(), config.emergencyLifetime());
        int statusIdx = statusIndexes.draw(jti, Instant.ofEpochSecond(now.getEpochSecond()).plus(lifetime), now);
        TrustTokenClaims.Facts facts = new TrustTokenClaims.Facts(issuer(), jti, v.verificationId(), v.subject(),
                v.email(), v.audience(), v.portalClientId(), v.agencyId(), v.agencyName(), v.country(), v.region(),
                v.domain(), v.acr(), v.amr(), v.purpose(), v.caseReference(), v.documentDigest(), v.cnfJkt(), now,
                lifetime, statusIdx, statusListUri());
        Map<String, Object> claims = TrustTokenClaims.claims(facts);
        SigningKeys.ActiveKey key = keys.active();
        String token = Jwt.claims(claims).jws().keyId(key.kid()).header("typ", TrustTokenClaims.TYPE)
                .algorithm(SignatureAlgorithm.ES256).sign(key.privateKey());
        TrustToken row = new TrustToken();
        row.jti = jti;
        row.verificationId = v.verificationId();
        row.officerId = v.officerId();
        row.email = v.email();
        row.agencyId = v.agencyId();
        row.portalId = v.portalId();
        row.audience = v.audience();
        row.kid = key.kid();
        row.tokenHash = TokenIndex.hash(token);
        row.tokenSealed = secrets.seal(token, context(jti));
        row.introspection = write(TrustTokenClaims.introspection(claims, v.portalClientId()));
        row.cnfJkt = v.cnfJkt();
        row.issuedAt = Instant.ofEpochSecond((Long) claims.get("iat"));
        row.notBefore = Instant.ofEpochSecond((Long) claims.get("nbf"));
        row.expiresAt = Instant.ofEpochSecond((Long) claims.get("exp"));
        row.statusIdx = statusIdx;
        row.persist();
        index.putIssued(row.tokenHash, row.introspection, row.expiresAt);
        return new Issued(jti, key.kid(), token, row.expiresAt);
    }

    /** The token of this verification while it lives, for its own portal to collect again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Issued> collect(UUID verificationId) {
        return TrustToken.<TrustToken>find("verificationId", verificationId).firstResultOptional()
                .filter(t -> t.expiresAt.isAfter(Instant.now()))
                .map(t -> new Issued(t.jti, t.kid, secrets.open(t.tokenSealed, context(t.jti)), t.expiresAt));
    }

    static String context(UUID jti) {
        return "trust-token:" + jti;
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
