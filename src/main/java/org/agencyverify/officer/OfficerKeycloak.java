package org.agencyverify.officer;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.identity.KeycloakRollback;
import org.agencyverify.identity.KeycloakRefusedException;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Officers' Keycloak users. Every change is undone when the caller's transaction rolls back, so a
 * failure at any later step leaves neither a database row nor a Keycloak user behind.
 */
@ApplicationScoped
class OfficerKeycloak {

    static final List<String> REQUIRED_ACTIONS = List.of("UPDATE_PASSWORD", "CONFIGURE_TOTP");

    private final KeycloakAdmin keycloak;
    private final KeycloakRollback rollback;

    OfficerKeycloak(KeycloakAdmin keycloak, KeycloakRollback rollback) {
        this.keycloak = keycloak;
        this.rollback = rollback;
    }

    /**
     * A new enabled user with the officer role, member of the organization; deleted on rollback.
     * With {@code localSignIn}, required actions make the officer set a password and an OTP.
     */
    String createMember(String organizationId, String email, String name, boolean localSignIn) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        // The agency admin vouches for the mailbox, which is at a domain the agency proved it owns.
        user.setEmailVerified(true);
        setNames(user, name);
        user.setEnabled(true);
        user.setRequiredActions(localSignIn ? REQUIRED_ACTIONS : List.of());
        String userId;
        try {
            userId = keycloak.create("create officer user", realm -> realm.users().create(user));
        } catch (KeycloakRefusedException e) {
            if (e.isConflict()) {
                throw new ApiException(ProblemType.CONFLICT, "A user with this email already exists.",
                        List.of(new Problem.FieldError("email", "already in use")));
            }
            throw e;
        }
        onRollback("delete officer user", realm -> realm.users().delete(userId).close());
        keycloak.run("grant officer role", realm -> realm.users().get(userId).roles().realmLevel()
                .add(List.of(realm.roles().get(Roles.OFFICER).toRepresentation())));
        try {
            keycloak.run("add organization member", realm -> {
                try (var response = realm.organizations().get(organizationId).members().addMember(userId)) {
                    if (response.getStatus() >= 300) {
                        throw new jakarta.ws.rs.WebApplicationException(response.getStatus());
                    }
                }
            });
        } catch (KeycloakRefusedException e) {
            throw new ApiException(ProblemType.CONFLICT,
                    "The agency's organization is missing in Keycloak; an operator must re-synchronize the agency.");
        }
        return userId;
    }

    /** Sets the user's first and last name from {@code name}; set back to {@code previous} on rollback. */
    void rename(String userId, String name, String previous) {
        keycloak.run("rename officer user", realm -> {
            var resource = realm.users().get(userId);
            UserRepresentation user = resource.toRepresentation();
            setNames(user, name);
            resource.update(user);
        });
        onRollback("revert officer user name", realm -> {
            var resource = realm.users().get(userId);
            UserRepresentation user = resource.toRepresentation();
            setNames(user, previous);
            resource.update(user);
        });
    }

    /** Keycloak wants both names (direct grant refuses a user without them): a single word fills both. */
    private static void setNames(UserRepresentation user, String name) {
        int space = name.trim().lastIndexOf(' ');
        user.setFirstName(space > 0 ? name.trim().substring(0, space) : name.trim());
        user.setLastName(space > 0 ? name.trim().substring(space + 1) : name.trim());
    }

    /** Enables or disables the user; disabling also ends their sessions. Reverted on rollback. */
    void setEnabled(String userId, boolean enabled) {
        try {
            keycloak.run(enabled ? "enable officer user" : "disable officer user", realm -> {
                var resource = realm.users().get(userId);
                UserRepresentation user = resource.toRepresentation();
                user.setEnabled(enabled);
                resource.update(user);
                if (!enabled) {
                    resource.logout();
                }
            });
        } catch (KeycloakRefusedException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            if (enabled) {
                throw new ApiException(ProblemType.CONFLICT,
                        "The officer's Keycloak user no longer exists; remove the officer and enroll them again.");
            }
            return; // a user that is gone cannot sign in: disabling it is already done
        }
        onRollback("revert officer user", realm -> {
            var resource = realm.users().get(userId);
            UserRepresentation user = resource.toRepresentation();
            user.setEnabled(!enabled);
            resource.update(user);
        });
    }

    /**
     * Whether the officer finished setting up sign-in: no required action left and an OTP or
     * WebAuthn credential, or a link to the agency's own identity provider.
     */
    boolean signInReady(String userId) {
        try {
            return readSetup(userId);
        } catch (KeycloakRefusedException e) {
            if (e.isNotFound()) {
                return false; // the user is gone: nothing to sign in with
            }
            throw e;
        }
    }

    private boolean readSetup(String userId) {
        return keycloak.call("read officer sign-in setup", realm -> {
            var resource = realm.users().get(userId);
            UserRepresentation user = resource.toRepresentation();
            if (user.getRequiredActions() != null && !user.getRequiredActions().isEmpty()) {
                return false;
            }
            if (!resource.getFederatedIdentity().isEmpty()) {
                return true;
            }
            return resource.credentials().stream().map(CredentialRepresentation::getType)
                    .anyMatch(type -> CredentialRepresentation.TOTP.equals(type) || "otp".equals(type)
                            || "webauthn".equals(type) || "webauthn-passwordless".equals(type));
        });
    }

    private void onRollback(String operation, Consumer<RealmResource> undo) {
        rollback.onRollback(operation, undo);
    }
}
