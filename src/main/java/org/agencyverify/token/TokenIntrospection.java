package org.agencyverify.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.portal.CallingPortals.CallingPortal;

/**
 * RFC 7662 for trust tokens. A token is active only when its exact bytes are a token we issued, for
 * the calling portal's audience, within its validity, and not revoked: one Redis round trip (a script
 * that takes the rate-limit slot and reads the index), no signature check (a forged, altered or
 * re-signed token is not in the index) and no database query.
 * It answers the stored JSON as it is, with {@code "active":true} put in front. Non-blocking (the
 * reactive Redis client): the answer is made on the event loop, with no hop to a worker thread.
 */
@ApplicationScoped
public class TokenIntrospection {

    static final int MAX_TOKEN_LENGTH = 16_384;
    public static final String INACTIVE = "{\"active\":false}";

    private final TokenIndex index;
    private final ObjectMapper json;
    private final PortalTokenLimits limits;

    TokenIntrospection(TokenIndex index, ObjectMapper json, PortalTokenLimits limits) {
        this.index = index;
        this.json = json;
        this.limits = limits;
    }

    /** The RFC 7662 answer, as the JSON document to send; never blocks (the event loop calls it). */
    public Uni<String> introspect(CallingPortal portal, String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            return limits.introspectionAndRead(portal.id(), List.of()).map(ignored -> INACTIVE);
        }
        // One round trip: the script takes the portal's rate-limit slot and, only then, reads the index.
        String hash = TokenIndex.hash(token.strip());
        return limits.introspectionAndRead(portal.id(), index.keys(hash)).map(values -> answer(portal, index.entry(values)));
    }

    String answer(CallingPortal portal, TokenIndex.Entry entry) {
        if (!entry.complete()) {
            throw new ApiException(ProblemType.SERVICE_UNAVAILABLE, "The revocation set is being rebuilt, so no token can be"
                    + " vouched for right now. Retry in a few seconds.");
        }
        if (entry.introspection() == null || entry.revoked()) {
            return INACTIVE;
        }
        JsonNode claims = read(entry.introspection());
        long now = System.currentTimeMillis() / 1000;
        // A missing time counts against the token: not yet valid, already expired.
        JsonNode nbf = claims.get("nbf");
        JsonNode exp = claims.get("exp");
        if (!portal.audience().equals(claims.path("aud").asText(null)) || nbf == null || !nbf.canConvertToLong()
                || nbf.asLong() > now || exp == null || !exp.canConvertToLong() || exp.asLong() <= now) {
            return INACTIVE;
        }
        String stored = entry.introspection().strip();
        return stored.length() <= 2 ? INACTIVE : "{\"active\":true," + stored.substring(1);
    }

    private JsonNode read(String stored) {
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable token index entry", e);
        }
    }
}
