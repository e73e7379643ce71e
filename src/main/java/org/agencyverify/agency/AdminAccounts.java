package org.agencyverify.agency;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.identity.KeycloakRefusedException;
import org.agencyverify.identity.KeycloakRollback;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Agency admins' Keycloak accounts: made with the agency-admin realm role and the required actions
 * that make the person set a password and a TOTP at first sign-in; disabled when removed. Each step
 * is undone in Keycloak if the surrounding transaction rolls back.
 */
@ApplicationScoped
public class AdminAccounts {

    static final List<String> REQUIRED_ACTIONS = List.of("UPDATE_PASSWORD", "CONFIGURE_TOTP");

    private final KeycloakAdmin keycloak;
    private final KeycloakRollback rollback;

    AdminAccounts(KeycloakAdmin keycloak, KeycloakRollback rollback) {
        this.keycloak = keycloak;
        this.rollback = rollback;
    }

    /** Creates the user and grants the role; answers the Keycloak user id. */
    public String create(String email, String name) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setEmailVerified(true);
        String[] names = name.strip().split("\\s+", 2);
        user.setFirstName(names[0]);
        user.setLastName(names.length > 1 ? names[1] : names[0]);
        user.setEnabled(true);
        user.setRequiredActions(REQUIRED_ACTIONS);
        String id;
        try {
            id = keycloak.create("create agency admin user", realm -> realm.users().create(user));
        } catch (KeycloakRefusedException e) {
            throw e.isConflict()
                    ? new ApiException(ProblemType.CONFLICT, "A Keycloak user with this email already exists.",
                            List.of(new Problem.FieldError("email", "already used")))
                    : new ApiException(ProblemType.INVALID_REQUEST, "Keycloak refused this user.",
                            List.of(new Problem.FieldError("email", "refused by the identity provider")));
        }
        rollback.onRollback("delete agency admin user", realm -> realm.users().get(id).remove());
        keycloak.run("grant agency-admin role", realm -> {
            RoleRepresentation role = realm.roles().get(Roles.AGENCY_ADMIN).toRepresentation();
            realm.users().get(id).roles().realmLevel().add(List.of(role));
        });
        return id;
    }

    /** Disables the user at once (sessions end at their next refresh; tokens expire within minutes). */
    public void disable(String userId) {
        setEnabled(userId, false);
        rollback.onRollback("re-enable agency admin user", realm -> {
            UserRepresentation user = realm.users().get(userId).toRepresentation();
            user.setEnabled(true);
            realm.users().get(userId).update(user);
        });
    }

    private void setEnabled(String userId, boolean enabled) {
        try {
            keycloak.run("disable agency admin user", realm -> {
                UserRepresentation user = realm.users().get(userId).toRepresentation();
                user.setEnabled(enabled);
                realm.users().get(userId).update(user);
                realm.users().get(userId).logout();
            });
        } catch (KeycloakRefusedException e) {
            if (!e.isNotFound()) {
                throw new ApiException(ProblemType.CONFLICT, "Keycloak refused to disable this admin's account.");
            }
            // Already gone from Keycloak: nothing left to disable.
        }
    }
}
