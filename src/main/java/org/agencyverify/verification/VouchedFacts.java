package org.agencyverify.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.agency.AgencySummary;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerSummary;
import org.agencyverify.portal.PortalDirectory;
import org.agencyverify.token.TokenIssuer;
import org.agencyverify.token.TrustTokenClaims;

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

    /**
     * The facts to sign, or empty when the officer or agency is no longer ACTIVE. A confirmed sender
     * (an emailed request) is the token's subject by address, with the acr that says only the agency
     * confirmed them; if the address is an enrolled officer's, that officer must still be ACTIVE.
     */
    Optional<TokenIssuer.Vouched> stillVouched(Verification v) {
        // An emailed request: a sender the agency confirmed, unless the officer with that address proved it theirs.
        boolean sender = v.credentialKind == CredentialKind.NONE && v.officerProof != Verification.OfficerProof.CONFIRMED;
        Optional<OfficerSummary> officer = v.officerId == null ? Optional.empty()
                : officers.find(v.officerId).filter(OfficerSummary::active);
        Optional<AgencySummary> agency = agencies.find(v.agencyId).filter(a -> a.status() == AgencyStatus.ACTIVE);
        if (agency.isEmpty() || (officer.isEmpty() && (!sender || v.officerId != null))) {
            return Optional.empty();
        }
        PortalDirectory.PortalFacts portal = portals.byId(v.portalId).orElseThrow();
        AgencySummary a = agency.get();
        UUID officerId = officer.map(OfficerSummary::id).orElse(null);
        String subject = sender ? v.requesterEmail : officerId.toString();
        String email = sender ? v.requesterEmail : officer.get().email();
        String acr = sender ? TrustTokenClaims.SENDER_CONFIRMED_ACR : v.acr;
        return Optional.of(new TokenIssuer.Vouched(v.id, officerId, subject, email, v.audience, portal.id(),
                portal.keycloakClientId(), a.id(), a.name(), a.country(), a.region(), v.requesterDomain, acr,
                sender ? List.of() : amr(v.amr), v.purpose, v.caseReference, v.documentDigest, v.dpopJkt));
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
