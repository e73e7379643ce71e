package org.agencyverify.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.portal.CallingPortals.CallingPortal;
import org.agencyverify.token.IntrospectionCache.Cached;

/**
 * RFC 7662 for trust tokens. A token is active only when its exact bytes are a token we issued, for
 * the calling portal's audience, within its validity, and not revoked: the index entry from this
 * replica's memory when it holds it and its revocation channel is proven alive ({@link RevocationBus}),
 * otherwise from Redis; no signature check (a forged, altered or re-signed token is not in the index)
 * and no database query. It answers the stored JSON as it is, with {@code "active":true} put in front.
 * Non-blocking: the answer is made on the event loop, with no hop to a worker thread.
 */
@ApplicationScoped
public class TokenIntrospection {

    static final int MAX_TOKEN_LENGTH = 16_384;
    public static final String INACTIVE = "{\"active\":false}";
    private static final Cached NEVER_ACTIVE = new Cached(null, Long.MAX_VALUE, Long.MIN_VALUE, INACTIVE, false);

    private final TokenIndex index;
    private final ObjectMapper json;
    private final PortalTokenLimits limits;
    private final IntrospectionCache cache;

    TokenIntrospection(TokenIndex index, ObjectMapper json, PortalTokenLimits limits, RevocationBus bus) {
        this.index = index;
        this.json = json;
        this.limits = limits;
        this.cache = bus.cache();
    }

    /** The RFC 7662 answer, as the JSON document to send; never blocks (the event loop calls it). */
    public Uni<String> introspect(CallingPortal portal, String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            return limits.introspection(portal.id()).map(ignored -> INACTIVE);
        }
        String hash = TokenIndex.hash(token.strip());
        // The limit first: a refused call reads nothing, not even this replica's memory.
        return limits.introspection(portal.id()).chain(ignored -> {
            Cached cached = cache.get(hash);
            if (cached != null) {
                return Uni.createFrom().item(answer(portal, cached));
            }
            long epoch = cache.epoch();
            return index.readAsync(hash).map(entry -> {
                Cached read = parse(entry);
                // Unknown tokens are not kept: the map stays for tokens we issued, whatever callers send.
                if (read != NEVER_ACTIVE) {
                    cache.put(hash, read, epoch);
                }
                return answer(portal, read);
            });
        });
    }

    static String answer(CallingPortal portal, Cached entry) {
        long now = System.currentTimeMillis() / 1000;
        if (entry.revoked() || !portal.audience().equals(entry.audience()) || entry.notBefore() > now || entry.expires() <= now) {
            return INACTIVE;
        }
        return entry.activeAnswer();
    }

    /** What introspection keeps of an index entry: parsed once, checked against the clock on every answer. */
    Cached parse(TokenIndex.Entry entry) {
        if (!entry.complete()) {
            throw new ApiException(ProblemType.SERVICE_UNAVAILABLE, "The revocation set is being rebuilt, so no token can be"
                    + " vouched for right now. Retry in a few seconds.");
        }
        if (entry.revoked()) {
            return new Cached(null, Long.MAX_VALUE, Long.MIN_VALUE, INACTIVE, true);
        }
        if (entry.introspection() == null) {
            return NEVER_ACTIVE;
        }
        JsonNode claims = read(entry.introspection());
        // A missing time counts against the token: not yet valid, already expired.
        JsonNode nbf = claims.get("nbf");
        JsonNode exp = claims.get("exp");
        String stored = entry.introspection().strip();
        if (nbf == null || !nbf.canConvertToLong() || exp == null || !exp.canConvertToLong() || stored.length() <= 2) {
            return NEVER_ACTIVE;
        }
        return new Cached(claims.path("aud").asText(null), nbf.asLong(), exp.asLong(), "{\"active\":true," + stored.substring(1), false);
    }

    private JsonNode read(String stored) {
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable token index entry", e);
        }
    }
}
