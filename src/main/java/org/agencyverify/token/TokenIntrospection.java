package org.agencyverify.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.RateLimits;
import org.agencyverify.portal.CallingPortals.CallingPortal;

/**
 * RFC 7662 for trust tokens. A token is active only when its exact bytes are a token we issued, for
 * the calling portal's audience, within its validity, and not revoked: two Redis round trips (rate
 * limit, index), no
 * signature check (a forged, altered or re-signed token is not in the index) and no database query.
 */
@ApplicationScoped
public class TokenIntrospection {

    static final int MAX_TOKEN_LENGTH = 16_384;
    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final TokenIndex index;
    private final ObjectMapper json;
    private final RateLimits limits;

    TokenIntrospection(TokenIndex index, ObjectMapper json, RateLimits limits) {
        this.index = index;
        this.json = json;
        this.limits = limits;
    }

    public Map<String, Object> introspect(CallingPortal portal, String token) {
        // The one extra round trip of the hot path (the index lookup is the other).
        limits.introspection(portal.id());
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            return INACTIVE;
        }
        TokenIndex.Entry entry = index.lookup(TokenIndex.hash(token.strip()));
        if (!entry.complete()) {
            throw new ApiException(ProblemType.SERVICE_UNAVAILABLE, "The revocation set is being rebuilt, so no token can be"
                    + " vouched for right now. Retry in a few seconds.");
        }
        if (entry.introspection() == null || entry.revoked()) {
            return INACTIVE;
        }
        Map<String, Object> claims = read(entry.introspection());
        long now = System.currentTimeMillis() / 1000;
        // A missing time counts against the token: not yet valid, already expired.
        if (!portal.audience().equals(claims.get("aud")) || number(claims.get("nbf"), Long.MAX_VALUE) > now
                || number(claims.get("exp"), 0) <= now) {
            return INACTIVE;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        answer.putAll(claims);
        return answer;
    }

    private static long number(Object value, long missing) {
        return value instanceof Number n ? n.longValue() : missing;
    }

    private Map<String, Object> read(String stored) {
        try {
            return json.readValue(stored, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable token index entry", e);
        }
    }
}
