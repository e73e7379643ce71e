package org.agencyverify.agency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AdminDtos.AddAdmin;
import org.agencyverify.agency.AdminDtos.AdminView;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.invitation.InvitationKind;
import org.agencyverify.invitation.Invitations;

/** Adds, lists and removes the people who administer an agency. */
@ApplicationScoped
public class AdminService {

    private final AuditLog audit;
    private final AdminAccounts accounts;
    private final AgencyOrganizations organizations;
    private final AgencyAccess access;
    private final Invitations invitations;

    AdminService(AuditLog audit, AdminAccounts accounts, AgencyOrganizations organizations, AgencyAccess access,
            Invitations invitations) {
        this.audit = audit;
        this.accounts = accounts;
        this.organizations = organizations;
        this.access = access;
        this.invitations = invitations;
    }

    /** A Keycloak user (agency-admin role, member of the agency's organization) and its row. */
    @Transactional
    public Optional<AdminView> add(Caller caller, UUID agencyId, AddAdmin request) {
        Optional<Agency> found = Agency.findByIdOptional(agencyId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Agency agency = found.get();
        String email = request.email().strip().toLowerCase(Locale.ROOT);
        if (AgencyAdmin.count("email", email) > 0) {
            throw new ApiException(ProblemType.CONFLICT, "An agency admin with this email already exists.",
                    List.of(new Problem.FieldError("email", "already used")));
        }
        AgencyAdmin admin = new AgencyAdmin();
        admin.id = UUID.randomUUID();
        admin.agencyId = agencyId;
        admin.email = email;
        admin.name = request.name().strip();
        admin.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        admin.keycloakUserId = accounts.create(email, admin.name);
        organizations.ensure(agency, AgencyService.provedDomains(agencyId));
        organizations.addMember(agency, admin.keycloakUserId);
        admin.persist();
        invitations.invite(admin.keycloakUserId, InvitationKind.AGENCY_ADMIN, admin.id, AdminAccounts.REQUIRED_ACTIONS);
        audit.record(caller.actor(), "agency-admin.added", "agency-admin", admin.id.toString(),
                Map.of("agencyId", agencyId.toString(), "before", Map.of(), "after", snapshot(admin)));
        return Optional.of(AdminView.of(admin));
    }

    /** The agency's admins (operators: any agency; agency admins: their own). */
    @Transactional
    public List<AdminView> list(Caller caller, UUID agencyId) {
        access.requireAdministrable(caller, agencyId);
        return AgencyAdmin.<AgencyAdmin>list("agencyId = ?1 order by email", agencyId).stream().map(AdminView::of).toList();
    }

    /** Removes the admin and disables their Keycloak account; false when there is no such admin. */
    @Transactional
    public boolean remove(Caller caller, UUID agencyId, UUID adminId) {
        AgencyAdmin admin = AgencyAdmin.<AgencyAdmin>find("id = ?1 and agencyId = ?2", adminId, agencyId).firstResult();
        if (admin == null) {
            return false;
        }
        Map<String, Object> before = snapshot(admin);
        admin.delete();
        accounts.disable(admin.keycloakUserId);
        audit.record(caller.actor(), "agency-admin.removed", "agency-admin", adminId.toString(),
                Map.of("agencyId", agencyId.toString(), "before", before, "after", Map.of("keycloakUserEnabled", false)));
        return true;
    }

    /** Sends the admin Keycloak's email again with what they still have to set up (409 when nothing). */
    @Transactional
    public Optional<Invitations.Queued> resendInvitation(Caller caller, UUID agencyId, UUID adminId) {
        AgencyAdmin admin = AgencyAdmin.<AgencyAdmin>find("id = ?1 and agencyId = ?2", adminId, agencyId).firstResult();
        if (admin == null) {
            return Optional.empty();
        }
        return Optional.of(invitations.resend(caller.actor(), admin.keycloakUserId, InvitationKind.AGENCY_ADMIN, admin.id));
    }

    private static Map<String, Object> snapshot(AgencyAdmin admin) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("email", admin.email);
        values.put("name", admin.name);
        values.put("keycloakUserId", admin.keycloakUserId);
        return values;
    }
}
