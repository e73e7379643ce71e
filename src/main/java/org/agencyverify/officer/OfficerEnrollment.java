package org.agencyverify.officer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.agency.AgencySummary;
import org.agencyverify.agency.LinkedIdentityProviders;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.security.Caller;
import org.agencyverify.invitation.InvitationKind;
import org.agencyverify.invitation.Invitations;

/**
 * Enrolls officers: checks the mailbox, makes the Keycloak user in the agency's organization, stores
 * the officer and the audit event in one transaction (the Keycloak user is deleted if it rolls back).
 * PENDING agencies may pre-enroll (officers stay unusable until the agency is ACTIVE, which the trust
 * rule checks); SUSPENDED agencies may not. Officers of an agency with a linked identity provider get
 * no local credential to set up: they sign in through their agency only.
 */
@ApplicationScoped
public class OfficerEnrollment {

    private final AgencyAccess access;
    private final AgencyDirectory agencies;
    private final OfficerKeycloak keycloak;
    private final AuditLog audit;
    private final LinkedIdentityProviders identityProviders;
    private final ContactMailboxes contactMailboxes;
    private final Invitations invitations;

    OfficerEnrollment(AgencyAccess access, AgencyDirectory agencies, OfficerKeycloak keycloak, AuditLog audit,
            LinkedIdentityProviders identityProviders, ContactMailboxes contactMailboxes, Invitations invitations) {
        this.access = access;
        this.agencies = agencies;
        this.keycloak = keycloak;
        this.audit = audit;
        this.identityProviders = identityProviders;
        this.contactMailboxes = contactMailboxes;
        this.invitations = invitations;
    }

    @Transactional
    public OfficerView enroll(Caller caller, UUID agencyId, EnrollOfficerRequest request) {
        return enroll(caller.actor(), access.requireAdministrable(caller, agencyId), request);
    }

    /**
     * Enrolls for a party that already proved it speaks for this agency and no other (the agency's SCIM
     * client, whose credential names the agency): the same checks and invitation, audited as {@code actor}.
     */
    @Transactional
    public OfficerView enrollProvisioned(Actor actor, UUID agencyId, EnrollOfficerRequest request) {
        AgencySummary agency = agencies.find(agencyId)
                .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "No agency has this id."));
        return enroll(actor, agency, request);
    }

    private OfficerView enroll(Actor actor, AgencySummary agency, EnrollOfficerRequest request) {
        UUID agencyId = agency.id();
        if (agency.status() == AgencyStatus.SUSPENDED) {
            throw new ApiException(ProblemType.CONFLICT, "The agency is suspended: it cannot enroll officers.");
        }
        String email = OfficerDirectory.normalize(request.email());
        String domain = email.substring(email.lastIndexOf('@') + 1);
        if (!agencies.isProvedDomain(agencyId, domain)) {
            throw field(ProblemType.INVALID_REQUEST, "email", "must be at one of the agency's proved domains",
                    "The email must be at one of the agency's proved domains.");
        }
        if (Officer.count("email", email) > 0) {
            throw field(ProblemType.CONFLICT, "email", "already enrolled", "An officer with this email is already enrolled.");
        }
        if (contactMailboxes.isContactMailbox(email)) {
            throw field(ProblemType.CONFLICT, "email", "is a registered contact's email",
                    "This email belongs to a registered contact; a contact's mailbox cannot be an officer's.");
        }
        String badge = request.badgeNumber().trim();
        if (Officer.count("agencyId = ?1 and badgeNumber = ?2", agencyId, badge) > 0) {
            throw field(ProblemType.CONFLICT, "badgeNumber", "already used in this agency",
                    "Another officer of this agency has this badge number.");
        }
        if (agency.keycloakOrgId() == null) {
            throw new ApiException(ProblemType.CONFLICT,
                    "The agency has no Keycloak organization yet; an operator must synchronize it first.");
        }

        Officer officer = new Officer();
        officer.id = UUID.randomUUID();
        officer.agencyId = agencyId;
        officer.email = email;
        officer.name = request.name().trim();
        officer.badgeNumber = badge;
        officer.status = OfficerStatus.INVITED;
        officer.createdAt = Instant.now();
        officer.updatedAt = officer.createdAt;
        // Officers of an agency with its own identity provider sign in there only: no local credential to set.
        boolean localSignIn = !identityProviders.hasIdentityProvider(agencyId);
        officer.keycloakUserId = keycloak.createMember(agency.keycloakOrgId(), email, officer.name, localSignIn);
        officer.persist();
        Officer.flush();
        if (localSignIn) {
            // The officer learns by email how to set a password and an authenticator.
            invitations.invite(officer.keycloakUserId, InvitationKind.OFFICER, officer.id, OfficerKeycloak.REQUIRED_ACTIONS);
        }
        audit.record(actor, "officer.enrolled", "officer", officer.id.toString(),
                Map.of("after", OfficerAudit.snapshot(officer)));
        return OfficerView.of(officer);
    }

    private static ApiException field(ProblemType type, String field, String message, String detail) {
        return new ApiException(type, detail, List.of(new Problem.FieldError(field, message)));
    }
}
