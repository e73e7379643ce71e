package com.example.portalcheck;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Whether a trust token was revoked, read offline from the issuer's Token Status List
 * (draft-ietf-oauth-status-list), with Nimbus JOSE+JWT and the JDK only. The token names its entry
 * ({@code status.status_list.idx} and {@code .uri}); the list is a JWT of type {@code statuslist+jwt}
 * signed with the same keys as trust tokens. A list is accepted only when its signature (ES256, a key of
 * the issuer's JWKS), {@code typ}, {@code iss}, {@code sub} (= the token's uri) and {@code exp} all pass,
 * and is kept for its {@code ttl}, then fetched again. Revocations reach the list within a minute or so
 * (its ttl): a portal that must know at once introspects instead ({@link PortalCheck#introspect}).
 */
public final class StatusListCheck {

    public static final JOSEObjectType TYPE = new JOSEObjectType("statuslist+jwt");
    public static final String MEDIA_TYPE = "application/statuslist+jwt";
    public static final int VALID = 0x00;
    /** A list larger than this once inflated is refused (a compression bomb); the issuer's is 128 KiB. */
    private static final int MAX_BYTES = 1 << 24;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How a list is fetched: the list's JWT for its URI (tests point it at another host). */
    @FunctionalInterface
    public interface Fetcher {
        String get(URI uri) throws IOException, InterruptedException;
    }

    /** A checked list: its claims and its inflated bytes, and until when this portal keeps it. */
    public record StatusList(URI uri, JWTClaimsSet claims, int bits, byte[] statuses, Instant keepUntil) {
        /** The status at {@code idx}: 0 VALID, 1 INVALID (revoked), 2 SUSPENDED, ... */
        public int status(int idx) throws BadJWTException {
            int perByte = 8 / bits;
            if (idx < 0 || idx / perByte >= statuses.length) {
                throw new BadJWTException("status list index " + idx + " is outside the list");
            }
            return (statuses[idx / perByte] & 0xff) >>> ((idx % perByte) * bits) & ((1 << bits) - 1);
        }
    }

    private final String issuer;
    private final JWKSource<SecurityContext> keys;
    private final Fetcher fetcher;
    private final Map<URI, StatusList> kept = new ConcurrentHashMap<>();

    /** Lists fetched over HTTPS (or what the URI says) with the draft's Accept header. */
    public StatusListCheck(String issuer, JWKSource<SecurityContext> keys) {
        this(issuer, keys, StatusListCheck::fetch);
    }

    public StatusListCheck(String issuer, JWKSource<SecurityContext> keys, Fetcher fetcher) {
        this.issuer = issuer;
        this.keys = keys;
        this.fetcher = fetcher;
    }

    /**
     * The status of a trust token already checked by {@link PortalCheck#verify} (its signature, {@code exp}
     * and the rest come first). A token without a status claim, or a list that fails any check, throws.
     */
    public int status(JWTClaimsSet token) throws BadJOSEException, JOSEException, ParseException, IOException,
            InterruptedException {
        Map<String, Object> status = token.getJSONObjectClaim("status");
        if (status == null || !(status.get("status_list") instanceof Map<?, ?> entry) || !(entry.get("idx") instanceof Number idx)
                || !(entry.get("uri") instanceof String uri)) {
            throw new BadJWTException("the token has no status.status_list {idx, uri}");
        }
        return list(URI.create(uri)).status(idx.intValue());
    }

    /** The list at {@code uri}: the one kept while its ttl runs (and it has not expired), otherwise fetched and checked. */
    public StatusList list(URI uri) throws BadJOSEException, JOSEException, ParseException, IOException, InterruptedException {
        StatusList list = kept.get(uri);
        if (list != null && Instant.now().isBefore(list.keepUntil())) {
            return list;
        }
        list = check(fetcher.get(uri), uri);
        kept.put(uri, list);
        return list;
    }

    /** Every check of a Status List Token; throws with the reason for the first that fails. */
    public StatusList check(String jwt, URI uri) throws BadJOSEException, JOSEException, ParseException {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        // ES256 only, keys of the issuer's JWKS: no alg none, no MAC, no key the token carries itself.
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null,
                new JWTClaimsSet.Builder().issuer(issuer).subject(uri.toString()).build(), Set.of("iat", "exp", "ttl", "status_list"));
        claims.setMaxClockSkew(PortalCheck.CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        JWTClaimsSet set = processor.process(jwt.strip(), null);
        Map<String, Object> statusList = set.getJSONObjectClaim("status_list");
        Object bits = statusList.get("bits");
        Object lst = statusList.get("lst");
        Long ttl = set.getLongClaim("ttl");
        if (!(bits instanceof Number b) || !Set.of(1, 2, 4, 8).contains(b.intValue()) || !(lst instanceof String encoded)
                || ttl == null || ttl <= 0) {
            throw new BadJWTException("status_list needs bits 1, 2, 4 or 8, an lst, and a positive ttl");
        }
        Instant keepUntil = Instant.now().plusSeconds(ttl);
        Instant exp = set.getExpirationTime().toInstant();
        return new StatusList(uri, set, b.intValue(), inflate(new Base64URL(encoded).decode()), keepUntil.isBefore(exp) ? keepUntil : exp);
    }

    private static byte[] inflate(byte[] compressed) throws BadJWTException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new BadJWTException("status list lst is truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_BYTES) {
                    throw new BadJWTException("status list lst inflates past " + MAX_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new BadJWTException("status list lst is not ZLIB data", e);
        } finally {
            inflater.end();
        }
    }

    private static String fetch(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Accept", MEDIA_TYPE).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            // 503: the issuer cannot vouch for a current list. Never read as "not revoked".
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }
}
