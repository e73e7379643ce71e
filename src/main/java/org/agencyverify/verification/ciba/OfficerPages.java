package org.agencyverify.verification.ciba;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.federation.FederatedAgencies;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.officer.OfficerSummary;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;

/**
 * The link to the officer's page of an emailed request, as the officer's notice and the agency's system
 * give it. Under /approve, where the service's sign-in for pages lives; for an officer whose agency
 * signs in at home it names the agency IdP the officer's account is linked to ({@code kc_idp_hint}),
 * since agency IdPs are hidden on Keycloak's login page.
 */
@ApplicationScoped
public class OfficerPages {

    private final AgencyVerifyConfig config;
    private final FederatedAgencies federation;
    private final KeycloakAdmin keycloak;

    OfficerPages(AgencyVerifyConfig config, FederatedAgencies federation, KeycloakAdmin keycloak) {
        this.config = config;
        this.federation = federation;
        this.keycloak = keycloak;
    }

    private static String link(String publicUrl, UUID verificationId) {
        return publicUrl.replaceAll("/+$", "") + "/approve/sent/" + verificationId;
    }

    /** The page for this officer. Keycloak unreachable: the delivery is tried again later. */
    String link(UUID verificationId, OfficerSummary officer) throws DeliveryFailed {
        return link(config.baseUrl(), verificationId) + identityProvider(officer)
                .map(alias -> "?kc_idp_hint=" + URLEncoder.encode(alias, StandardCharsets.UTF_8)).orElse("");
    }

    private Optional<String> identityProvider(OfficerSummary officer) throws DeliveryFailed {
        if (officer.keycloakUserId() == null || !federation.hasIdentityProvider(officer.agencyId())) {
            return Optional.empty();
        }
        List<String> linked;
        try {
            linked = keycloak.call("officer's identity provider links", realm -> realm.users().get(officer.keycloakUserId())
                    .getFederatedIdentity().stream().map(FederatedIdentityRepresentation::getIdentityProvider).toList());
        } catch (RuntimeException e) {
            throw new DeliveryFailed("keycloak: " + e.getClass().getSimpleName());
        }
        return linked.stream().filter(alias -> federation.isAgencyIdentityProvider(officer.agencyId(), alias)).sorted().findFirst();
    }
}
