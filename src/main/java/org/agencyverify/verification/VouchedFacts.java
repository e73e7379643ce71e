package org.agencyverify.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.agency.AgencySummary;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerSummary;
import org.agencyverify.portal.PortalDirectory;
import org.agencyverify.token.TokenIssuer;

/**
 * What an approved verification vouches for, gathered at signing time: the token feature signs from
 * these facts and never reads a verification. The agency and officer are read again here because an
 * approval holds only while both are still ACTIVE.
 */
@ApplicationScoped
class VouchedFacts {

    private final AgencyDirectory agencies;
    private final OfficerDirectory officers;
    private final PortalDirectory portals;
    private final ObjectMapper json;

    VouchedFacts(AgencyDirectory agencies, OfficerDirectory officers, PortalDirectory portals, ObjectMapper json) {
        this.agencies = agencies;
        this.officers = officers;
        this.portals = portals;
        this.json = json;
    }

    /** The facts to sign, or empty when the officer or agency is no longer ACTIVE. */
    Optional<TokenIssuer.Vouched> stillVouched(Verification v) {
        Optional<OfficerSummary> officer = officers.find(v.officerId).filter(OfficerSummary::active);
        Optional<AgencySummary> agency = agencies.find(v.agencyId).filter(a -> a.status() == AgencyStatus.ACTIVE);
        if (officer.isEmpty() || agency.isEmpty()) {
            return Optional.empty();
        }
        PortalDirectory.PortalFacts portal = portals.byId(v.portalId).orElseThrow();
        OfficerSummary o = officer.get();
        AgencySummary a = agency.get();
        return Optional.of(new TokenIssuer.Vouched(v.id, o.id(), o.email(), v.audience, portal.id(), portal.keycloakClientId(), a.id(),
                a.name(), a.country(), a.region(), v.requesterDomain, v.acr, amr(v.amr), v.purpose, v.caseReference, v.documentDigest,
                v.dpopJkt));
    }

    private List<String> amr(String stored) {
        if (stored == null) {
            return List.of();
        }
        try {
            return json.readValue(stored, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored amr", e);
        }
    }
}
