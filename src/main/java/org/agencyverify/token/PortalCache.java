package org.agencyverify.token;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.portal.CallingPortals;
import org.agencyverify.portal.CallingPortals.CallingPortal;

/**
 * The calling portal for the token endpoints, remembered for a few seconds so introspection costs no
 * database query; a suspended portal is refused at most {@code portal-cache-ttl} later.
 */
@ApplicationScoped
public class PortalCache {

    private record Cached(Optional<CallingPortal> portal, long loadedNanos) {}

    private final CallingPortals portals;
    private final long ttlNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    PortalCache(CallingPortals portals, TokenConfig config) {
        this.portals = portals;
        this.ttlNanos = config.portalCacheTtl().toNanos();
    }

    /** The ACTIVE portal of this Keycloak client, or a 403. */
    public CallingPortal active(String clientId) {
        long now = System.nanoTime();
        Cached cached = clientId == null ? null : cache.get(clientId);
        if (cached == null || now - cached.loadedNanos() > ttlNanos) {
            cached = new Cached(portals.active(clientId), now);
            if (clientId != null) {
                if (cache.size() > 10_000) {
                    cache.clear();
                }
                cache.put(clientId, cached);
            }
        }
        return cached.portal().orElseThrow(() -> new ApiException(ProblemType.FORBIDDEN,
                "Only an active portal may use this endpoint. Ask the operators to check your portal's status."));
    }

}
