package org.agencyverify.agency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.identity.KeycloakRefusedException;
import org.agencyverify.identity.KeycloakRollback;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;

/**
 * Keeps an agency's Keycloak Organization in step with the agency. Every change is made inside the
 * caller's transaction and undone in Keycloak if that transaction rolls back, so a failure at any
 * later step leaves nothing half-made. The organization is enabled exactly when the agency is ACTIVE.
 */
@ApplicationScoped
public class AgencyOrganizations {

    private final KeycloakAdmin keycloak;
    private final KeycloakRollback rollback;

    AgencyOrganizations(KeycloakAdmin keycloak, KeycloakRollback rollback) {
        this.keycloak = keycloak;
        this.rollback = rollback;
    }

    /** Creates the organization if the agency has none yet, with its proved domains as verified. */
    public void ensure(Agency agency, Collection<String> provedDomains) {
        if (agency.keycloakOrgId != null) {
            return;
        }
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName(organizationName(agency));
        org.setAlias("agency-" + agency.id);
        org.setDescription(agency.name);
        org.setEnabled(agency.status == AgencyStatus.ACTIVE);
        org.setAttributes(Map.of("agency_id", java.util.List.of(agency.id.toString())));
        provedDomains.forEach(domain -> org.addDomain(verified(domain)));
        String id;
        try {
            id = keycloak.create("create organization", realm -> realm.organizations().create(org));
        } catch (KeycloakRefusedException e) {
            throw conflict(e, "The agency's organization or one of its domains already exists in Keycloak.", "domain");
        }
        onRollback("delete organization", realm -> realm.organizations().get(id).delete().close());
        agency.keycloakOrgId = id;
    }

    /** Enables or disables the organization to match the agency's status. */
    public void syncEnabled(Agency agency) {
        boolean enabled = agency.status == AgencyStatus.ACTIVE;
        OrganizationRepresentation org = read(agency);
        boolean before = org.isEnabled();
        if (before == enabled) {
            return;
        }
        org.setEnabled(enabled);
        update(agency, org);
        onRollback("restore organization state", realm -> {
            OrganizationRepresentation current = realm.organizations().get(agency.keycloakOrgId).toRepresentation();
            current.setEnabled(before);
            realm.organizations().get(agency.keycloakOrgId).update(current).close();
        });
    }

    /** Adds a domain the service proved to the organization, marked verified. */
    public void addVerifiedDomain(Agency agency, String domain) {
        OrganizationRepresentation org = read(agency);
        OrganizationDomainRepresentation existing = org.getDomain(domain);
        if (existing != null && existing.isVerified()) {
            return;
        }
        if (existing != null) {
            org.removeDomain(existing);
        }
        org.addDomain(verified(domain));
        try {
            update(agency, org);
        } catch (KeycloakRefusedException e) {
            throw conflict(e, "Keycloak already has this domain in another organization.", "domain");
        }
        onRollback("remove organization domain", realm -> {
            OrganizationRepresentation current = realm.organizations().get(agency.keycloakOrgId).toRepresentation();
            current.removeDomain(current.getDomain(domain));
            realm.organizations().get(agency.keycloakOrgId).update(current).close();
        });
    }

    /**
     * Marks a domain verified or not in the organization, for the scheduled re-check. Best effort:
     * the service's own record decides trust, so a Keycloak failure is logged and never blocks it.
     */
    public void markDomainVerifiedQuietly(Agency agency, String domain, boolean verified) {
        if (agency.keycloakOrgId == null) {
            return;
        }
        try {
            OrganizationRepresentation org = read(agency);
            OrganizationDomainRepresentation existing = org.getDomain(domain);
            if (existing == null || existing.isVerified() == verified) {
                return;
            }
            existing.setVerified(verified);
            update(agency, org);
            onRollback("restore organization domain flag", realm -> {
                OrganizationRepresentation current = realm.organizations().get(agency.keycloakOrgId).toRepresentation();
                current.getDomain(domain).setVerified(!verified);
                realm.organizations().get(agency.keycloakOrgId).update(current).close();
            });
        } catch (RuntimeException e) {
            io.quarkus.logging.Log.warnf("Could not mark domain %s verified=%s in Keycloak (%s)", domain, verified,
                    e.getClass().getSimpleName());
        }
    }

    /** Makes a user a member of the agency's organization. */
    public void addMember(Agency agency, String userId) {
        try {
            keycloak.call("add organization member", realm -> {
                try (Response response = organization(realm, agency).members().addMember(userId)) {
                    return check(response);
                }
            });
        } catch (KeycloakRefusedException e) {
            throw missingOrganization(e);
        }
        onRollback("remove organization member",
                realm -> organization(realm, agency).members().member(userId).delete().close());
    }

    private void onRollback(String operation, Consumer<RealmResource> undo) {
        rollback.onRollback(operation, undo);
    }

    private OrganizationRepresentation read(Agency agency) {
        try {
            return keycloak.call("read organization", realm -> organization(realm, agency).toRepresentation());
        } catch (KeycloakRefusedException e) {
            throw missingOrganization(e);
        }
    }

    private void update(Agency agency, OrganizationRepresentation org) {
        keycloak.call("update organization", realm -> {
            try (Response response = organization(realm, agency).update(org)) {
                return check(response);
            }
        });
    }

    private static OrganizationResource organization(RealmResource realm, Agency agency) {
        return realm.organizations().get(agency.keycloakOrgId);
    }

    private static Object check(Response response) {
        if (response.getStatus() >= 300) {
            throw new WebApplicationException(Response.status(response.getStatus()).build());
        }
        return null;
    }

    static String organizationName(Agency agency) {
        return agency.name + " (" + agency.id + ")";
    }

    private static OrganizationDomainRepresentation verified(String domain) {
        OrganizationDomainRepresentation representation = new OrganizationDomainRepresentation(domain);
        representation.setVerified(true);
        return representation;
    }

    private static ApiException missingOrganization(KeycloakRefusedException e) {
        if (e.isNotFound()) {
            return new ApiException(ProblemType.CONFLICT,
                    "The agency's organization is missing in Keycloak, so nothing was changed. An operator must repair it.");
        }
        return conflict(e, "Keycloak refused the change to the agency's organization.", "agency");
    }

    private static ApiException conflict(KeycloakRefusedException e, String detail, String field) {
        return new ApiException(ProblemType.CONFLICT, detail, java.util.List.of(new Problem.FieldError(field, "conflicts with Keycloak")));
    }
}
