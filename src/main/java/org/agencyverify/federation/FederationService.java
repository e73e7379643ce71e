package org.agencyverify.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.agency.AgencySummary;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Actor;

/** Operators link an agency's own OIDC identity provider to its organization, show it, unlink it. */
@ApplicationScoped
public class FederationService {

    private final IdentityProviderKeycloak keycloak;
    private final IssuerDiscovery discovery;
    private final BrokerSetup broker;
    private final FederationConfig config;
    private final AuditLog audit;
    private final AgencyDirectory agencies;

    FederationService(IdentityProviderKeycloak keycloak, IssuerDiscovery discovery, BrokerSetup broker, FederationConfig config,
            AuditLog audit, AgencyDirectory agencies) {
        this.keycloak = keycloak;
        this.discovery = discovery;
        this.broker = broker;
        this.config = config;
        this.audit = audit;
        this.agencies = agencies;
    }

    /** What linking needs, checked: the agency, the proved domain to route, the IdP's endpoints. */
    record Prepared(AgencySummary agency, String domain, Map<String, String> endpoints) {}

    /**
     * Links the IdP now; only an applied pending change calls this ({@link IdentityProviderChanges}), so
     * that one operator alone never links one.
     */
    @Transactional
    public IdentityProviderView link(Actor actor, UUID agencyId, LinkIdentityProviderRequest request) {
        Prepared prepared = prepare(agencyId, request);
        AgencySummary agency = prepared.agency();
        String domain = prepared.domain();
        Map<String, String> endpoints = prepared.endpoints();
        broker.ensure();

        AgencyIdentityProvider idp = new AgencyIdentityProvider();
        idp.id = UUID.randomUUID();
        idp.agencyId = agencyId;
        idp.alias = request.alias();
        idp.issuer = request.issuer();
        idp.clientId = request.clientId();
        idp.domain = domain;
        idp.syncMode = request.syncMode() == null ? "IMPORT" : request.syncMode();
        idp.acceptedAcr = request.acceptedAcr() == null ? "" : String.join(" ", new java.util.LinkedHashSet<>(request.acceptedAcr()));
        idp.createdAt = Instant.now();
        keycloak.create(request, idp.syncMode, domain, agency.name(), agency.keycloakOrgId(), endpoints);
        idp.persist();
        AgencyIdentityProvider.flush();
        audit.record(actor, "identity-provider.linked", "agency", agencyId.toString(),
                Map.of("after", snapshot(idp)));
        return IdentityProviderView.of(idp);
    }

    @Transactional
    public List<IdentityProviderView> list(UUID agencyId) {
        agency(agencyId);
        return AgencyIdentityProvider.<AgencyIdentityProvider>list("agencyId", agencyId).stream()
                .sorted(Comparator.comparing((AgencyIdentityProvider i) -> i.createdAt)).map(IdentityProviderView::of).toList();
    }

    @Transactional
    public Optional<IdentityProviderView> find(UUID agencyId, String alias) {
        agency(agencyId);
        return idp(agencyId, alias).map(IdentityProviderView::of);
    }

    /**
     * Checks a link request as {@link #link} will (issuer, organization, proved domain, alias, the
     * issuer's discovery document), so that a proposal is refused at once rather than when it applies.
     * In the caller's transaction.
     */
    Prepared prepare(UUID agencyId, LinkIdentityProviderRequest request) {
        AgencySummary agency = agency(agencyId);
        if (!config.allowHttpIssuers() && !request.issuer().startsWith("https://")) {
            throw field("issuer", "must be https", "The issuer must be an https URL.");
        }
        if (agency.keycloakOrgId() == null) {
            throw new ApiException(ProblemType.CONFLICT,
                    "The agency has no Keycloak organization yet; an operator must synchronize it first.");
        }
        String domain = domain(agencyId, request.domain());
        if (AgencyIdentityProvider.count("alias", request.alias()) > 0) {
            throw new ApiException(ProblemType.CONFLICT, "An identity provider with this alias already exists.",
                    List.of(new Problem.FieldError("alias", "already in use")));
        }
        return new Prepared(agency, domain, discovery.endpoints(request));
    }

    /**
     * Removes the row and its audit first, Keycloak last: a Keycloak failure rolls the row back. Only an
     * applied pending change calls this ({@link IdentityProviderChanges}).
     */
    @Transactional
    public boolean unlink(Actor actor, UUID agencyId, String alias) {
        agency(agencyId);
        Optional<AgencyIdentityProvider> found = idp(agencyId, alias);
        if (found.isEmpty()) {
            return false;
        }
        AgencyIdentityProvider idp = found.get();
        Map<String, Object> before = snapshot(idp);
        idp.delete();
        AgencyIdentityProvider.flush();
        audit.record(actor, "identity-provider.unlinked", "agency", agencyId.toString(), Map.of("before", before));
        keycloak.delete(alias);
        return true;
    }

    private AgencySummary agency(UUID agencyId) {
        return agencies.find(agencyId)
                .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "No agency has this id."));
    }

    static Optional<AgencyIdentityProvider> idp(UUID agencyId, String alias) {
        return AgencyIdentityProvider.<AgencyIdentityProvider>find("alias", alias).firstResultOptional()
                .filter(i -> i.agencyId.equals(agencyId));
    }

    private String domain(UUID agencyId, String requested) {
        List<String> proved = agencies.provedDomains(agencyId);
        if (requested == null) {
            if (proved.isEmpty()) {
                throw field("domain", "the agency has no proved domain", "The agency has no proved domain to route to its identity provider.");
            }
            return proved.get(0);
        }
        String domain = requested.trim().toLowerCase(java.util.Locale.ROOT);
        if (!proved.contains(domain)) {
            throw field("domain", "must be one of the agency's proved domains", "The domain must be one of the agency's proved domains.");
        }
        return domain;
    }

    static Map<String, Object> snapshot(AgencyIdentityProvider idp) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("alias", idp.alias);
        state.put("issuer", idp.issuer);
        state.put("clientId", idp.clientId);
        state.put("domain", idp.domain);
        state.put("syncMode", idp.syncMode);
        state.put("acceptedAcr", List.copyOf(idp.acceptedAcr()));
        return state;
    }

    private static ApiException field(String field, String message, String detail) {
        return new ApiException(ProblemType.INVALID_REQUEST, detail, List.of(new Problem.FieldError(field, message)));
    }
}
