package org.agencyverify.support;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.agency.AgencyAdmin;
import org.agencyverify.agency.AgencyDomain;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.TestIdentities.TestUser;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;

/**
 * Agencies for one test each, made directly (rows plus a Keycloak organization with the domain),
 * independent of the agency feature's endpoints: a unique random proved domain and an agency admin.
 */
@ApplicationScoped
public class EnrolledAgencies {

    private final TestIdentities identities;

    EnrolledAgencies(TestIdentities identities) {
        this.identities = identities;
    }

    public TestAgency active() {
        return create(AgencyStatus.ACTIVE);
    }

    public TestAgency create(AgencyStatus status) {
        String tag = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String domain = tag + ".agency.test";
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName("Test agency " + tag);
        org.setAlias(tag);
        OrganizationDomainRepresentation orgDomain = new OrganizationDomainRepresentation(domain);
        orgDomain.setVerified(true);
        org.addDomain(orgDomain);
        String orgId;
        try (Response response = identities.realm().organizations().create(org)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("Keycloak refused test organization: HTTP " + response.getStatus());
            }
            String path = response.getLocation().getPath();
            orgId = path.substring(path.lastIndexOf('/') + 1);
        }
        TestUser admin = identities.userWithEmail("admin@" + domain, Roles.AGENCY_ADMIN);
        UUID agencyId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            Agency agency = new Agency();
            agency.id = agencyId;
            agency.name = "Test agency " + tag;
            agency.kind = "CITY";
            agency.country = "US";
            agency.status = status;
            agency.keycloakOrgId = orgId;
            agency.source = "OPERATOR";
            agency.createdAt = now;
            agency.updatedAt = now;
            agency.persist();
            agency.flush();
            AgencyDomain proved = new AgencyDomain();
            proved.id = UUID.randomUUID();
            proved.agencyId = agencyId;
            proved.domain = domain;
            proved.provedAt = now;
            proved.lastCheckedAt = now;
            proved.createdAt = now;
            proved.persist();
            AgencyAdmin row = new AgencyAdmin();
            row.id = UUID.randomUUID();
            row.agencyId = agencyId;
            row.keycloakUserId = admin.id();
            row.email = admin.email();
            row.name = "Test Admin";
            row.createdAt = now;
            row.persist();
        });
        return new TestAgency(agencyId, domain, orgId, admin);
    }

    /** Adds a domain that was claimed but never proved. */
    public String addUnprovedDomain(TestAgency agency) {
        String domain = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".agency.test";
        QuarkusTransaction.requiringNew().run(() -> {
            AgencyDomain claimed = new AgencyDomain();
            claimed.id = UUID.randomUUID();
            claimed.agencyId = agency.id();
            claimed.domain = domain;
            claimed.challengeToken = "not-yet";
            claimed.createdAt = Instant.now();
            claimed.persist();
        });
        return domain;
    }

    public List<String> memberIds(TestAgency agency) {
        return identities.realm().organizations().get(agency.orgId()).members().getAll().stream()
                .map(member -> member.getId()).toList();
    }

    /** An agency made by this fixture: its proved domain, Keycloak organization and one admin. */
    public record TestAgency(UUID id, String domain, String orgId, TestUser admin) {
        public String email(String local) {
            return local + "@" + domain;
        }
    }
}
