package org.agencyverify.identity;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.function.Consumer;
import java.util.function.Function;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * The one door to Keycloak's admin API. Every call goes through {@link #call}: an unreachable or
 * failing Keycloak becomes {@link DependencyUnavailableException} (503, fail closed), a refusal by
 * Keycloak becomes {@link KeycloakRefusedException} for the feature to translate.
 */
@ApplicationScoped
public class KeycloakAdmin {

    private final Keycloak keycloak;
    private final String realm;

    KeycloakAdmin(Keycloak keycloak, AgencyVerifyConfig config) {
        this.keycloak = keycloak;
        this.realm = config.keycloak().realm();
    }

    public <T> T call(String operation, Function<RealmResource, T> action) {
        try {
            return action.apply(keycloak.realm(realm));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 500 || status == 401 || status == 403) {
                // 401/403 means our own service account is misconfigured: an outage, not the caller's fault.
                Log.errorf("Keycloak %s failed with HTTP %d", operation, status);
                throw new DependencyUnavailableException("Keycloak", e);
            }
            throw new KeycloakRefusedException(operation, status);
        } catch (ProcessingException e) {
            Log.warnf("Keycloak %s: unreachable (%s)", operation, e.getClass().getSimpleName());
            throw new DependencyUnavailableException("Keycloak", e);
        }
    }

    public void run(String operation, Consumer<RealmResource> action) {
        call(operation, realmResource -> {
            action.accept(realmResource);
            return null;
        });
    }

    /**
     * For calls that answer a {@link Response} (creates): checks the status the same way and returns
     * the id of the created item from its Location.
     */
    public String create(String operation, Function<RealmResource, Response> action) {
        return call(operation, realmResource -> {
            try (Response response = action.apply(realmResource)) {
                int status = response.getStatus();
                if (status == 201) {
                    String path = response.getLocation().getPath();
                    return path.substring(path.lastIndexOf('/') + 1);
                }
                throw new WebApplicationException(Response.status(status).build());
            }
        });
    }

    /** Runs an action that must not fail silently: failures of compensations are logged, never thrown. */
    public void compensate(String operation, Consumer<RealmResource> action) {
        try {
            run(operation, action);
        } catch (RuntimeException e) {
            Log.errorf("Keycloak compensation %s failed (%s): manual clean-up may be needed", operation,
                    e.getClass().getSimpleName());
        }
    }

    /** For the rare caller that needs a value it cannot get through {@link #call} (tests, health). */
    public String realmName() {
        return realm;
    }
}
