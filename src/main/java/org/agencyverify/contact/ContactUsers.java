package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.agencyverify.common.security.Roles;
import org.agencyverify.identity.KeycloakAdmin;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The Keycloak user an email contact signs in with to approve requests: realm role {@code contact},
 * must set a password and an OTP before anything else, member of the agency's organization.
 */
@ApplicationScoped
public class ContactUsers {

    /** What a new contact must do before anything else. */
    public static final List<String> REQUIRED_ACTIONS = List.of("UPDATE_PASSWORD", "CONFIGURE_TOTP");

    private final KeycloakAdmin keycloak;

    ContactUsers(KeycloakAdmin keycloak) {
        this.keycloak = keycloak;
    }

    /** Creates the user and returns its id; Keycloak answers 409 when the username or email is taken. */
    public String create(String email, String name, String agencyId, String contactId) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setEmailVerified(false);
        user.setEnabled(true);
        user.setFirstName(name);
        user.setLastName("Agency contact");
        user.setRequiredActions(REQUIRED_ACTIONS);
        return keycloak.create("create contact user", realm -> realm.users().create(user));
    }

    public void grantContactRole(String userId) {
        keycloak.run("grant contact role", realm -> {
            RoleRepresentation role = realm.roles().get(Roles.CONTACT).toRepresentation();
            realm.users().get(userId).roles().realmLevel().add(List.of(role));
        });
    }

    public void joinOrganization(String organizationId, String userId) {
        keycloak.run("add contact to organization", realm -> {
            try (var response = realm.organizations().get(organizationId).members().addMember(userId)) {
                if (response.getStatus() >= 300) {
                    throw new jakarta.ws.rs.WebApplicationException(response.getStatus());
                }
            }
        });
    }

    public void delete(String userId) {
        keycloak.compensate("delete contact user", realm -> realm.users().get(userId).remove());
    }

    public void setEnabled(String userId, boolean enabled) {
        keycloak.run(enabled ? "enable contact user" : "disable contact user", realm -> {
            UserRepresentation user = realm.users().get(userId).toRepresentation();
            user.setEnabled(enabled);
            realm.users().get(userId).update(user);
        });
    }

    public void restoreEnabled(String userId, boolean enabled) {
        keycloak.compensate("restore contact user state", realm -> {
            UserRepresentation user = realm.users().get(userId).toRepresentation();
            user.setEnabled(enabled);
            realm.users().get(userId).update(user);
        });
    }
}
