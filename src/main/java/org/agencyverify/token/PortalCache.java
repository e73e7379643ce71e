package org.agencyverify.token;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
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

    /** The ACTIVE portal of this Keycloak client, or a 403 (worker threads: a miss reads the database). */
    public CallingPortal active(String clientId) {
        Cached cached = fresh(clientId);
        return (cached != null ? cached : load(clientId)).portal().orElseThrow(PortalCache::refused);
    }

    /**
     * As {@link #active}, without blocking when the portal is remembered (the event loop may call it);
     * only a miss goes to a worker thread for the database read.
     */
    public Uni<CallingPortal> activeAsync(String clientId) {
        Cached cached = fresh(clientId);
        if (cached != null) {
            return cached.portal().map(portal -> Uni.createFrom().item(portal)).orElseGet(() -> Uni.createFrom().failure(refused()));
        }
        return VertxContextSupport.executeBlocking(() -> active(clientId));
    }

    private Cached fresh(String clientId) {
        Cached cached = clientId == null ? null : cache.get(clientId);
        return cached == null || System.nanoTime() - cached.loadedNanos() > ttlNanos ? null : cached;
    }

    private Cached load(String clientId) {
        Cached cached = new Cached(portals.active(clientId), System.nanoTime());
        if (clientId != null) {
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(clientId, cached);
        }
        return cached;
    }

    private static ApiException refused() {
        return new ApiException(ProblemType.FORBIDDEN,
                "Only an active portal may use this endpoint. Ask the operators to check your portal's status.");
    }
}
