package org.agencyverify.token;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of a Status List Token (draft-ietf-oauth-status-list, JWT format), plain Java: {@code iss}
 * (the trust tokens' own, as the draft asks when the referenced token has one), {@code sub} (the list's
 * URI, the {@code uri} every trust token names), {@code iat}, {@code exp}, {@code ttl} and
 * {@code status_list}. Nothing in it names a portal, an officer or a count of tokens.
 */
public final class StatusListToken {

    /** JOSE {@code typ} of the list, and the media type it is served as. */
    public static final String TYPE = "statuslist+jwt";
    public static final String MEDIA_TYPE = "application/" + TYPE;
    /** The one list (draft's examples name lists by number; a second list would be /2). */
    public static final String PATH = "/v1/status-lists/1";
    /** One bit: VALID or INVALID. Every revocation here is final (a reinstated officer's old tokens stay revoked). */
    public static final int BITS = 1;

    private StatusListToken() {}

    public static Map<String, Object> claims(String issuer, String uri, Instant issuedAt, Duration lifetime, Duration ttl,
            String lst) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", uri);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", issuedAt.getEpochSecond() + lifetime.toSeconds());
        claims.put("ttl", ttl.toSeconds());
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("bits", BITS);
        list.put("lst", lst);
        claims.put("status_list", list);
        return claims;
    }

    /** The list's byte array with every given index INVALID. */
    public static byte[] array(List<Integer> invalid) {
        byte[] list = StatusListEncoding.empty(StatusIndexes.SIZE, BITS);
        for (int idx : invalid) {
            StatusListEncoding.set(list, BITS, idx, StatusListEncoding.INVALID);
        }
        return list;
    }
}
