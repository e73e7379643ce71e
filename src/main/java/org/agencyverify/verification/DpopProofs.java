package org.agencyverify.verification;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * DPoP proofs (RFC 9449) presented when a verification starts: the requester's key is proved by a
 * fresh, single-use signature over this very request, and its thumbprint is bound into the trust
 * token ({@code cnf.jkt}), so a token stolen from the portal is useless without that key.
 */
@ApplicationScoped
public class DpopProofs {

    static final String TYPE = "dpop+jwt";
    private static final Set<String> ALGORITHMS = Set.of("ES256", "ES384", "RS256", "PS256", "EdDSA");
    private static final Duration MAX_AGE = Duration.ofSeconds(60);

    private final ValueCommands<String, String> values;
    private final String prefix;
    private final String publicUrl;

    DpopProofs(RedisDataSource redis, AgencyVerifyConfig config) {
        this.values = redis.value(String.class);
        this.prefix = config.redis().keyPrefix() + "dpop:jti:";
        this.publicUrl = config.baseUrl();
    }

    /**
     * The RFC 7638 thumbprint of the proof's key, or a 400 {@code invalid-dpop-proof} problem. The
     * proof must be for {@code method} at {@code requestUri} (as the service sees it, or as its public
     * URL names it) and never seen before.
     */
    public String verify(String proof, String method, URI requestUri) {
        JsonWebSignature jws = new JsonWebSignature();
        JwtClaims claims;
        PublicJsonWebKey key;
        try {
            jws.setCompactSerialization(proof);
            if (!TYPE.equals(jws.getHeader("typ")) || !ALGORITHMS.contains(jws.getAlgorithmHeaderValue())) {
                throw invalid("must be a JWT of typ dpop+jwt signed with an asymmetric algorithm");
            }
            Object jwk = jws.getHeaders().getObjectHeaderValue("jwk");
            if (!(jwk instanceof Map<?, ?> members)) {
                throw invalid("must carry the public key in its jwk header");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwkMembers = (Map<String, Object>) members;
            key = PublicJsonWebKey.Factory.newPublicJwk(jwkMembers);
            if (key.getPrivateKey() != null || jwkMembers.containsKey("d")) {
                throw invalid("must not carry a private key");
            }
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    ALGORITHMS.toArray(new String[0])));
            jws.setKey(key.getPublicKey());
            if (!jws.verifySignature()) {
                throw invalid("is not signed by the key in its jwk header");
            }
            claims = JwtClaims.parse(jws.getPayload());
        } catch (JoseException | org.jose4j.jwt.consumer.InvalidJwtException | ClassCastException e) {
            throw invalid("is not a well-formed signed JWT");
        }
        String jti;
        try {
            jti = claims.getJwtId();
            String htm = claims.getStringClaimValue("htm");
            String htu = claims.getStringClaimValue("htu");
            Long iat = claims.getIssuedAt() == null ? null : claims.getIssuedAt().getValue();
            if (jti == null || jti.isBlank() || htm == null || htu == null || iat == null) {
                throw invalid("must have jti, htm, htu and iat");
            }
            if (!method.equals(htm) || !sameTarget(htu, requestUri)) {
                throw invalid("is for another request (htm and htu must be this method and URL)");
            }
            if (Math.abs(Instant.now().getEpochSecond() - iat) > MAX_AGE.toSeconds()) {
                throw invalid("is too old or from the future (iat must be within a minute)");
            }
        } catch (org.jose4j.jwt.MalformedClaimException e) {
            throw invalid("has claims of the wrong type");
        }
        if (!firstUse(jti)) {
            throw invalid("was used before (jti must be new for every request)");
        }
        return key.calculateBase64urlEncodedThumbprint("SHA-256");
    }

    /** htu without query and fragment (RFC 9449 4.3), against the URL we were reached at or our public URL. */
    private boolean sameTarget(String htu, URI requestUri) {
        String wanted;
        try {
            URI given = URI.create(htu);
            wanted = new URI(given.getScheme(), given.getAuthority(), given.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return false;
        }
        String seen = requestUri.getScheme() + "://" + requestUri.getRawAuthority() + requestUri.getRawPath();
        return wanted.equalsIgnoreCase(seen) || wanted.equalsIgnoreCase(publicUrl + requestUri.getRawPath());
    }

    private boolean firstUse(String jti) {
        try {
            String key = prefix + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jti.getBytes(StandardCharsets.UTF_8)));
            return values.setGet(key, "1", new SetArgs().nx().px(MAX_AGE.multipliedBy(2))) == null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis", e);
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ProblemType.INVALID_DPOP_PROOF, "The DPoP proof " + message + ". Nothing was started.",
                List.of(new Problem.FieldError("header.DPoP", message)));
    }

}
