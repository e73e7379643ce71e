package com.example.portalcheck;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a portal checks an agency-verify trust token, with Nimbus JOSE+JWT and the JDK only.
 *
 * <p>Offline ({@link #verify}): the signature against the issuer's published JWKS (ES256 only, so no
 * {@code alg: none} and no HMAC key confusion), the explicit type {@code agency-trust+jwt} (no other
 * JWT of the issuer can pass for one), {@code iss} from the issuer metadata, {@code aud} = this
 * portal's own audience (a token for another portal is refused), {@code exp} and {@code nbf} with a
 * small clock skew, and the claims a request is judged on. Offline checks cannot see a revocation.
 *
 * <p>Offline too, whether it was revoked ({@link StatusListCheck}): the issuer's Token Status List, which
 * the token names in {@code status.status_list}; revocations reach it within its {@code ttl} (a minute).
 *
 * <p>Online ({@link #introspect}): RFC 7662 at the issuer's introspection endpoint with the portal's
 * own bearer token; only {@code active: true} counts, and it also says the token was not revoked.
 *
 * <pre>
 * TRUST_TOKEN=eyJ... [PORTAL_TOKEN=eyJ...] java -jar target/portal-check.jar METADATA_URL AUDIENCE [--online]
 * </pre>
 * Tokens come from the environment (or standard input), never the command line, where {@code ps} would show them.
 *
 * <p>A request that arrived by email has no token yet: {@code java -jar target/portal-check.jar emailed ...} asks the
 * agency over OpenID Connect CIBA first, then checks the token it gets ({@link EmailedRequestCheck}).
 */
public final class PortalCheck {

    public static final JOSEObjectType TYPE = new JOSEObjectType("agency-trust+jwt");
    /** Clocks of the portal and the issuer may differ a little; tokens live minutes, so keep this small. */
    public static final int CLOCK_SKEW_SECONDS = 30;
    private static final Set<String> REQUIRED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "verification_id",
            "authorization_details");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The issuer metadata ({@code /.well-known/agency-verify-issuer}): who signs, and where its keys and introspection are. */
    public record Issuer(String issuer, URI jwksUri, URI introspectionEndpoint) {
        public static Issuer fetch(URI metadataUrl) throws IOException, InterruptedException, ParseException {
            Map<String, Object> metadata = JSONObjectUtils.parse(get(metadataUrl));
            return new Issuer(JSONObjectUtils.getString(metadata, "issuer"), JSONObjectUtils.getURI(metadata, "jwks_uri"),
                    JSONObjectUtils.getURI(metadata, "introspection_endpoint"));
        }
    }

    private final Issuer issuer;
    private final String audience;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** Keys from the issuer's JWKS, fetched on first use and cached (refreshed when an unknown kid shows up). */
    public PortalCheck(Issuer issuer, String audience) throws IOException {
        this(issuer, audience, JWKSourceBuilder.create(issuer.jwksUri().toURL()).retrying(true).build());
    }

    /** The same with another key source (tests, or keys a portal pinned itself). */
    public PortalCheck(Issuer issuer, String audience, JWKSource<SecurityContext> keys) {
        this.issuer = issuer;
        this.audience = audience;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer.issuer()).build(), REQUIRED);
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The token's claims when every offline check passes; otherwise an exception that says which failed. */
    public JWTClaimsSet verify(String token) throws BadJOSEException, JOSEException, ParseException {
        JWTClaimsSet claims = processor.process(token.strip(), null);
        // RFC 9396: what the token vouches for. A portal acts only on a request of the kind it expects.
        List<Object> details = claims.getListClaim("authorization_details");
        boolean lawEnforcementRequest = details != null && details.stream()
                .anyMatch(d -> d instanceof Map<?, ?> m && "law_enforcement_request".equals(m.get("type")));
        if (!lawEnforcementRequest) {
            throw new BadJWTException("JWT authorization_details has no law_enforcement_request");
        }
        return claims;
    }

    /** RFC 7662 at the issuer, as this portal: the answer's members ({@code active} false for any token not live for us). */
    public Map<String, Object> introspect(String token, String portalBearerToken) throws IOException, InterruptedException,
            ParseException {
        HttpRequest request = HttpRequest.newBuilder(issuer.introspectionEndpoint()).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + portalBearerToken)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token.strip(), StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            // 401/403: our own token or portal; 503: the issuer cannot vouch right now. Never read as active.
            throw new IOException("introspection answered HTTP " + response.statusCode());
        }
        return JSONObjectUtils.parse(response.body());
    }

    /** Whether an introspection answer vouches for the token: exactly {@code "active": true}. */
    public static boolean active(Map<String, Object> introspection) {
        return Boolean.TRUE.equals(introspection.get("active"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("emailed")) {
            // An emailed request: OpenID Connect CIBA for its sender, then this check of the token (EmailedRequestCheck).
            EmailedRequestCheck.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].equals("--online"))) {
            System.err.println("usage: TRUST_TOKEN=... [PORTAL_TOKEN=...] java -jar portal-check.jar METADATA_URL AUDIENCE [--online]");
            System.err.println("       (without TRUST_TOKEN, the token is read from standard input)");
            System.err.println("   or: CLIENT_ID=... CLIENT_SECRET=... java -jar portal-check.jar emailed METADATA_URL AUDIENCE SENDER_EMAIL PURPOSE"
                    + " CASE_REFERENCE [DOCUMENT_FILE]");
            System.exit(2);
        }
        String token = System.getenv("TRUST_TOKEN");
        if (token == null || token.isBlank()) {
            token = readAll(System.in);
        }
        PortalCheck check = new PortalCheck(Issuer.fetch(URI.create(args[0])), args[1]);
        try {
            JWTClaimsSet claims = check.verify(token);
            System.out.println("offline: VALID, signed by " + claims.getIssuer() + " for " + claims.getAudience());
            System.out.println("  officer      " + claims.getStringClaim("email") + " (" + claims.getSubject() + ")");
            System.out.println("  agency       " + claims.getJSONObjectClaim("agency"));
            System.out.println("  verification " + claims.getStringClaim("verification_id"));
            System.out.println("  request      " + claims.getListClaim("authorization_details"));
            System.out.println("  expires      " + claims.getExpirationTime().toInstant());
            // Revoked? From the status list, offline for this token (one list for every token, cached for its ttl).
            StatusListCheck statusLists = new StatusListCheck(claims.getIssuer(),
                    JWKSourceBuilder.create(check.issuer.jwksUri().toURL()).retrying(true).build());
            int status = statusLists.status(claims);
            if (status != StatusListCheck.VALID) {
                System.out.println("status list: REVOKED (status " + status + ")");
                System.exit(1);
            }
            System.out.println("status list: VALID (no revocation as of the list, at most its ttl old)");
        } catch (BadJOSEException | JOSEException | ParseException e) {
            System.out.println("offline: REJECTED: " + e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            // No list that passes its checks: nothing is known of a revocation, so nothing is accepted.
            System.out.println("status list: UNAVAILABLE: " + e.getMessage());
            System.exit(1);
        }
        if (args.length == 3) {
            String bearer = System.getenv("PORTAL_TOKEN");
            if (bearer == null || bearer.isBlank()) {
                System.err.println("--online needs PORTAL_TOKEN (the portal's client-credentials access token)");
                System.exit(2);
            }
            Map<String, Object> answer = check.introspect(token, bearer);
            System.out.println("online: " + (active(answer) ? "ACTIVE" : "NOT ACTIVE (revoked, expired, or not this portal's)"));
            System.exit(active(answer) ? 0 : 1);
        }
    }

    private static String get(URI url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
