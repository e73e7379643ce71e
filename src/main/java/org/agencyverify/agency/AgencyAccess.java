package org.agencyverify.agency;

import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.agencyverify.audit.review.AgencyAdministration;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.security.Roles;

/**
 * Who may act for an agency: operators for every agency, an agency admin for their own only. An
 * agency admin asking about another agency gets 403 whether it exists or not, so ids reveal nothing.
 * An agency admin who signed in through an identity provider acts only for the agency that linked
 * it: another agency's IdP could otherwise assert this admin's email.
 */
@ApplicationScoped
public class AgencyAccess implements AgencyAdministration {

    private final LinkedIdentityProviders identityProviders;

    AgencyAccess(LinkedIdentityProviders identityProviders) {
        this.identityProviders = identityProviders;
    }

    /** The agency, if the caller may administer it; call inside the service's transaction. */
    public AgencySummary requireAdministrable(Caller caller, UUID agencyId) {
        return AgencySummary.of(administrable(caller, agencyId));
    }

    /** The same check, answered with the entity: for this feature's own services. */
    Agency administrable(Caller caller, UUID agencyId) {
        if (caller.has(Roles.OPERATOR)) {
            return Agency.<Agency>findByIdOptional(agencyId)
                    .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "No agency has this id."));
        }
        if (caller.has(Roles.AGENCY_ADMIN) && administers(caller, agencyId)) {
            return Agency.findById(agencyId);
        }
        throw new ForbiddenException();
    }

    @Override
    public boolean administers(Caller caller, UUID agencyId) {
        if (caller.identityProvider() != null && !identityProviders.isAgencyIdentityProvider(agencyId, caller.identityProvider())) {
            return false;
        }
        return AgencyAdmin.count("keycloakUserId = ?1 and agencyId = ?2", caller.subject(), agencyId) > 0;
    }
}
