package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.agencyverify.common.mail.Mailboxes;
import org.agencyverify.common.security.Roles;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.officer.OfficerDirectory;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * An email is an officer's mailbox when we enrolled it as an officer (any status, revoked too), or
 * when a Keycloak user with the realm role {@code officer} has it (enabled or not), which also covers
 * officers made in Keycloak outside this service. The same mailbox means up to case and a {@code +tag}
 * ({@link Mailboxes}).
 */
@ApplicationScoped
public class KnownOfficerMailboxes implements OfficerMailboxes {

    /** How many users whose name starts with "local+" are looked at; more would be a flood of tagged accounts. */
    private static final int TAGGED_CANDIDATES = 200;

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
        String mailbox = Mailboxes.key(email);
        String local = mailbox.substring(0, Math.max(0, mailbox.lastIndexOf('@')));
        return keycloak.call("look up officers by email", realm -> {
            // The untagged address exactly, and every tagged one (usernames and emails starting "local+").
            List<UserRepresentation> candidates = new ArrayList<>(realm.users().searchByEmail(mailbox, true));
            candidates.addAll(realm.users().search(local + "+", 0, TAGGED_CANDIDATES));
            for (UserRepresentation user : candidates) {
                if (Mailboxes.same(user.getEmail(), mailbox) && realm.users().get(user.getId()).roles().realmLevel()
                        .listEffective().stream().anyMatch(r -> Roles.OFFICER.equals(r.getName()))) {
                    return true;
                }
            }
            return false;
        });
    }
}
