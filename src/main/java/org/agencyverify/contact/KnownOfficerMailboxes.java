package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.agencyverify.common.security.Roles;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.officer.OfficerDirectory;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * An email is an officer's mailbox when we enrolled it as an officer (any status, revoked too), or
 * when a Keycloak user with the realm role {@code officer} has it (exact match, case-insensitive,
 * enabled or not), which also covers officers made in Keycloak outside this service.
 */
@ApplicationScoped
public class KnownOfficerMailboxes implements OfficerMailboxes {

    private final KeycloakAdmin keycloak;
    private final OfficerDirectory officers;

    KnownOfficerMailboxes(KeycloakAdmin keycloak, OfficerDirectory officers) {
        this.keycloak = keycloak;
        this.officers = officers;
    }

    @Override
    public boolean isOfficerMailbox(String email) {
        if (officers.isOfficerMailbox(email)) {
            return true;
        }
        String wanted = email.toLowerCase(Locale.ROOT);
        return keycloak.call("look up officers by email", realm -> {
            for (UserRepresentation user : realm.users().searchByEmail(wanted, true)) {
                if (wanted.equalsIgnoreCase(user.getEmail()) && realm.users().get(user.getId()).roles().realmLevel()
                        .listEffective().stream().anyMatch(r -> Roles.OFFICER.equals(r.getName()))) {
                    return true;
                }
            }
            return false;
        });
    }
}
