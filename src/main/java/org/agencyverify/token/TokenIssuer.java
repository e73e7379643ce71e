package org.agencyverify.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.crypto.StoredSecrets;
import org.agencyverify.officer.Officer;
import org.agencyverify.portal.Portal;
import org.agencyverify.verification.Verification;

/**
 * Signs the one trust token of an approved verification and keeps it for its portal to collect. The
 * Redis index entry is written before the transaction commits: if Redis is down nothing is issued,
 * and a token is never handed out that introspection would not know.
 */
@ApplicationScoped
public class TokenIssuer {

    private final SigningKeys keys;
    private final TokenIndex index;
    private final StoredSecrets secrets;
    private final TokenConfig config;
    private final AgencyVerifyConfig service;
    private final ObjectMapper json;

    TokenIssuer(SigningKeys keys, TokenIndex index, StoredSecrets secrets, TokenConfig config, AgencyVerifyConfig service,
            ObjectMapper json) {
        this.keys = keys;
        this.index = index;
        this.secrets = secrets;
        this.config = config;
        this.service = service;
        this.json = json;
    }

    public String issuer() {
        return config.issuer().orElse(service.baseUrl());
    }

    /** Signs the token; the caller holds the verification's row lock and moves it to TOKEN_ISSUED. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TrustToken issue(Verification v, Instant now) {
        Agency agency = Agency.findById(v.agencyId);
        Officer officer = Officer.findById(v.officerId);
        Portal portal = Portal.findById(v.portalId);
        UUID jti = UUID.randomUUID();
        TrustTokenClaims.Facts facts = new TrustTokenClaims.Facts(issuer(), jti, v.id, officer.id, officer.email, v.audience,
                portal.keycloakClientId, agency.id, agency.name, agency.country, agency.region, v.requesterDomain, v.acr, amr(v.amr),
                v.purpose, v.caseReference, v.documentDigest, v.dpopJkt, now,
                TrustTokenClaims.lifetime(v.purpose, config.lifetime(), config.emergencyLifetime()));
        Map<String, Object> claims = TrustTokenClaims.claims(facts);
        SigningKeys.ActiveKey key = keys.active();
        String token = Jwt.claims(claims).jws().keyId(key.kid()).header("typ", TrustTokenClaims.TYPE)
                .algorithm(SignatureAlgorithm.ES256).sign(key.privateKey());
        TrustToken row = new TrustToken();
        row.jti = jti;
        row.verificationId = v.id;
        row.officerId = officer.id;
        row.agencyId = agency.id;
        row.portalId = portal.id;
        row.audience = v.audience;
        row.kid = key.kid();
        row.tokenHash = TokenIndex.hash(token);
        row.tokenSealed = secrets.seal(token, context(jti));
        row.introspection = write(TrustTokenClaims.introspection(claims, portal.keycloakClientId));
        row.cnfJkt = v.dpopJkt;
        row.issuedAt = Instant.ofEpochSecond((Long) claims.get("iat"));
        row.notBefore = Instant.ofEpochSecond((Long) claims.get("nbf"));
        row.expiresAt = Instant.ofEpochSecond((Long) claims.get("exp"));
        row.persist();
        index.putIssued(row.tokenHash, row.introspection, row.expiresAt);
        return row;
    }

    /** The token of this verification while it lives, for its own portal to collect (again). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Collected> collect(UUID verificationId) {
        return TrustToken.<TrustToken>find("verificationId", verificationId).firstResultOptional()
                .filter(t -> t.expiresAt.isAfter(Instant.now()))
                .map(t -> new Collected(secrets.open(t.tokenSealed, context(t.jti)), t.expiresAt));
    }

    /** A token as its portal collects it. */
    public record Collected(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Collected[expires " + expiresAt + "]";
        }
    }

    private static String context(UUID jti) {
        return "trust-token:" + jti;
    }

    private List<String> amr(String stored) {
        if (stored == null) {
            return List.of();
        }
        try {
            return json.readValue(stored, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored amr", e);
        }
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
