package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.agencyverify.common.security.Roles;
import org.agencyverify.identity.KeycloakAdmin;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Officers are Keycloak users with the realm role {@code officer}: an email is an officer's mailbox
 * when such a user has it (exact match, case-insensitive), enabled or not. Independent of the
 * officer feature's tables, so it holds whoever enrolled the officer.
 */
@ApplicationScoped
public class KeycloakOfficerMailboxes implements OfficerMailboxes {

    private final KeycloakAdmin keycloak;

    KeycloakOfficerMailboxes(KeycloakAdmin keycloak) {
        this.keycloak = keycloak;
    }

    @Override
    public boolean isOfficerMailbox(String email) {
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
