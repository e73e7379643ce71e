package org.agencyverify.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.agencyverify.agency.Agency;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.portal.PortalDirectory;
import org.agencyverify.token.TokenIssuer;

/**
 * What an approved verification vouches for, gathered at signing time: the token feature signs from
 * these facts and never reads a verification. The agency and officer are read again here because an
 * approval holds only while both are still ACTIVE.
 */
@ApplicationScoped
class VouchedFacts {

    private final PortalDirectory portals;
    private final ObjectMapper json;

    VouchedFacts(PortalDirectory portals, ObjectMapper json) {
        this.portals = portals;
        this.json = json;
    }

    /** The facts to sign, or empty when the officer or agency is no longer ACTIVE. */
    Optional<TokenIssuer.Vouched> stillVouched(Verification v) {
        Optional<Officer> officer = Officer.<Officer>findByIdOptional(v.officerId).filter(o -> o.status == OfficerStatus.ACTIVE);
        Optional<Agency> agency = Agency.<Agency>findByIdOptional(v.agencyId).filter(a -> a.status == AgencyStatus.ACTIVE);
        if (officer.isEmpty() || agency.isEmpty()) {
            return Optional.empty();
        }
        PortalDirectory.PortalFacts portal = portals.byId(v.portalId).orElseThrow();
        Officer o = officer.get();
        Agency a = agency.get();
        return Optional.of(new TokenIssuer.Vouched(v.id, o.id, o.email, v.audience, portal.id(), portal.keycloakClientId(), a.id,
                a.name, a.country, a.region, v.requesterDomain, v.acr, amr(v.amr), v.purpose, v.caseReference, v.documentDigest,
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
