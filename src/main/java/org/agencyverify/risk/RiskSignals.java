package org.agencyverify.risk;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.contact.change.RecentContactChanges;
import org.agencyverify.federation.FederatedAgencies;
import org.agencyverify.common.purpose.Purpose;

/**
 * Reads what stands against a verification whose checks 1-3 passed: one query per signal, in the
 * caller's transaction, before the verification itself is stored (so it never counts itself).
 */
@ApplicationScoped
public class RiskSignals {

    /** The verification being started, as far as the signals need it. */
    public record Attempt(UUID officerId, String officerEmail, UUID agencyId, UUID portalId, Purpose purpose,
            String sourceNetwork, long officerFailures, Instant now) {}

    private final RiskConfig config;
    private final OfficerHistory history;
    private final AgencyDirectory agencies;
    private final RecentContactChanges contactChanges;
    private final FederatedAgencies federated;

    RiskSignals(RiskConfig config, OfficerHistory history, AgencyDirectory agencies, RecentContactChanges contactChanges,
            FederatedAgencies federated) {
        this.config = config;
        this.history = history;
        this.agencies = agencies;
        this.contactChanges = contactChanges;
        this.federated = federated;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Finding> collect(Attempt a) {
        List<Finding> findings = new ArrayList<>();
        velocity(a, findings);
        emergencySpread(a, findings);
        newNetwork(a, findings);
        recentChanges(a, findings);
        domainProofLost(a, findings);
        compromiseReports(a, findings);
        portalRefusals(a, findings);
        if (a.officerFailures() >= config.credentialFailures().officerThreshold()) {
            findings.add(new Finding(Signal.CREDENTIAL_FAILURES, a.officerFailures(), Map.of("failures", a.officerFailures(),
                    "window", config.credentialFailures().window().toString())));
        }
        return findings;
    }

    private void velocity(Attempt a, List<Finding> findings) {
        long started = history.startedSince(a.officerId(), a.now().minus(config.velocityWindow()));
        if (started >= config.velocityMax()) {
            findings.add(new Finding(Signal.VELOCITY, started, Map.of("startedInWindow", started,
                    "window", config.velocityWindow().toString())));
        }
    }

    private void emergencySpread(Attempt a, List<Finding> findings) {
        if (a.purpose() != Purpose.EMERGENCY) {
            return;
        }
        Set<UUID> portals = new HashSet<>(history.emergencyPortalsSince(a.officerId(), a.now().minus(config.emergencyWindow())));
        portals.add(a.portalId());
        if (portals.size() >= config.emergencyPortals()) {
            findings.add(new Finding(Signal.EMERGENCY_SPREAD, portals.size(), Map.of("portals", portals.size(),
                    "window", config.emergencyWindow().toString())));
        }
    }

    /** Only against a history: an officer with no approved verification yet has no known network. */
    private void newNetwork(Attempt a, List<Finding> findings) {
        if (a.sourceNetwork() == null) {
            return;
        }
        long approved = history.approved(a.officerId());
        if (approved > 0 && history.approvedFrom(a.officerId(), a.sourceNetwork()) == 0) {
            findings.add(Finding.of(Signal.NEW_NETWORK, Map.of("network", a.sourceNetwork(), "approvedBefore", approved)));
        }
    }

    private void recentChanges(Attempt a, List<Finding> findings) {
        if (config.changeWindow().isZero()) {
            return;
        }
        Instant since = a.now().minus(config.changeWindow());
        // Contact changes one account could make alone: one a second operator approved was checked by two
        // people, as the operators' enrollment of an agency's contacts is. Identity-provider changes are the IdP signal's.
        List<UUID> changes = contactChanges.unreviewedSince(a.agencyId(), since);
        if (!changes.isEmpty()) {
            findings.add(new Finding(Signal.CONTACT_CHANGE, changes.size(), Map.of("changes",
                    changes.stream().map(UUID::toString).toList(), "window", config.changeWindow().toString())));
        }
        List<String> idps = federated.linkedSince(a.agencyId(), since);
        if (!idps.isEmpty()) {
            findings.add(new Finding(Signal.IDP_CHANGE, idps.size(), Map.of("identityProviders", idps,
                    "window", config.changeWindow().toString())));
        }
    }

    private void domainProofLost(Attempt a, List<Finding> findings) {
        // The requester's own domain without proof is refused at check 1; a sibling domain that lost
        // its proof says the agency's DNS, or its registration, is no longer under its control.
        List<AgencyDirectory.LostDomain> lost = agencies.lostDomains(a.agencyId());
        if (!lost.isEmpty()) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("domains", lost.stream().map(AgencyDirectory.LostDomain::domain).toList());
            evidence.put("proofLostAt", lost.stream().map(d -> d.proofLostAt().toString()).toList());
            findings.add(new Finding(Signal.DOMAIN_PROOF_LOST, lost.size(), evidence));
        }
    }

    private void compromiseReports(Attempt a, List<Finding> findings) {
        Instant since = a.now().minus(config.compromiseWindow());
        List<CompromiseReport> own = CompromiseReport.list("officerEmail = ?1 and createdAt > ?2", a.officerEmail(), since);
        if (!own.isEmpty()) {
            findings.add(new Finding(Signal.OFFICER_COMPROMISE_REPORT, own.size(), Map.of("reports",
                    own.stream().map(r -> r.id.toString()).toList())));
        }
        List<CompromiseReport> agency = CompromiseReport.list("agencyId = ?1 and createdAt > ?2 and officerEmail <> ?3",
                a.agencyId(), since, a.officerEmail());
        if (!agency.isEmpty()) {
            findings.add(new Finding(Signal.AGENCY_COMPROMISE_REPORT, agency.size(), Map.of("reports",
                    agency.stream().map(r -> r.id.toString()).toList(), "window", config.compromiseWindow().toString())));
        }
    }

    private void portalRefusals(Attempt a, List<Finding> findings) {
        List<UUID> refused = history.refusedByPortalsSince(a.officerId(), a.now().minus(config.portalRefusalWindow()));
        if (!refused.isEmpty()) {
            findings.add(new Finding(Signal.PORTAL_REFUSED, refused.size(), Map.of("verifications",
                    refused.stream().map(UUID::toString).toList(), "window", config.portalRefusalWindow().toString())));
        }
    }
}
