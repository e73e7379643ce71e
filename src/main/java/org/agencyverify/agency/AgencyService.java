package org.agencyverify.agency;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDtos.AgencyFilter;
import org.agencyverify.agency.AgencyDtos.AgencyPage;
import org.agencyverify.agency.AgencyDtos.AgencyView;
import org.agencyverify.agency.AgencyDtos.CreateAgency;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;

/** Creates, reads, lists and moves agencies through their lifecycle, each change audited. */
@ApplicationScoped
public class AgencyService {

    public static final String SOURCE_OPERATOR = "OPERATOR";
    private static final java.util.Set<String> COUNTRIES = java.util.Set.of(Locale.getISOCountries());

    private final AuditLog audit;
    private final AgencyOrganizations organizations;
    private final AgencyAccess access;
    private final AgencyConfig config;
    private final AgencyContacts contacts;
    private final Event<AgencySuspended> suspended;

    AgencyService(AuditLog audit, AgencyOrganizations organizations, AgencyAccess access, AgencyConfig config,
            AgencyContacts contacts, Event<AgencySuspended> suspended) {
        this.audit = audit;
        this.organizations = organizations;
        this.access = access;
        this.config = config;
        this.contacts = contacts;
        this.suspended = suspended;
    }

    /** A PENDING agency and its (disabled) Keycloak organization. */
    @Transactional
    public AgencyView create(Caller caller, CreateAgency request) {
        if (!COUNTRIES.contains(request.country())) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "Invalid fields: country. See errors for what each must be.",
                    List.of(new Problem.FieldError("country", "must be an ISO 3166-1 alpha-2 country code")));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Agency agency = new Agency();
        agency.id = UUID.randomUUID();
        agency.name = request.name().strip();
        agency.kind = request.kind().name();
        agency.country = request.country();
        agency.region = request.region() == null || request.region().isBlank() ? null : request.region().strip();
        agency.status = AgencyStatus.PENDING;
        agency.source = SOURCE_OPERATOR;
        agency.createdAt = now;
        agency.updatedAt = now;
        organizations.ensure(agency, List.of());
        agency.persist();
        audit.record(caller.actor(), "agency.created", "agency", agency.id.toString(),
                Map.of("before", Map.of(), "after", snapshot(agency)));
        return AgencyView.of(agency);
    }

    /** The agency, if the caller may see it (operators: all; agency admins: their own, else 403). */
    @Transactional
    public AgencyView get(Caller caller, UUID id) {
        return AgencyView.of(access.administrable(caller, id));
    }

    /**
     * The agencies the caller administers as an agency admin, by name (an admin who signed in through an
     * identity provider: only the agencies that linked it, as {@link AgencyAccess} rules).
     */
    @Transactional
    public List<AgencyView> administeredBy(Caller caller) {
        List<UUID> ids = AgencyAdmin.<AgencyAdmin>list("keycloakUserId", caller.subject()).stream().map(admin -> admin.agencyId)
                .filter(id -> access.administers(caller, id)).toList();
        return ids.isEmpty() ? List.of() : Agency.<Agency>list("id in ?1", Sort.by("name").and("id"), ids).stream()
                .map(AgencyView::of).toList();
    }

    @Transactional
    public AgencyPage list(AgencyFilter filter, int page, int size) {
        int pageSize = Math.max(1, Math.min(size, config.maxPageSize()));
        int pageIndex = Math.max(0, page);
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.status() != null) {
            where.add("status = :status");
            params.put("status", filter.status());
        }
        addEquals(where, params, "country", filter.country() == null ? null : filter.country().toUpperCase(Locale.ROOT));
        addEquals(where, params, "region", filter.region());
        addEquals(where, params, "kind", filter.kind() == null ? null : filter.kind().toUpperCase(Locale.ROOT));
        if (filter.nameContains() != null && !filter.nameContains().isBlank()) {
            where.add("lower(name) like :name escape '\\'");
            params.put("name", "%" + likeEscape(filter.nameContains().strip().toLowerCase(Locale.ROOT)) + "%");
        }
        Sort order = Sort.by("name").and("id");
        var query = where.isEmpty() ? Agency.<Agency>findAll(order) : Agency.<Agency>find(String.join(" and ", where), order, params);
        List<AgencyView> items = query.page(Page.of(pageIndex, pageSize)).list().stream().map(AgencyView::of).toList();
        return new AgencyPage(items, pageIndex, pageSize, query.count());
    }

    /** Activates, suspends or reinstates, keeping the organization's enabled flag in step. */
    @Transactional
    public Optional<AgencyView> transition(Caller caller, UUID id, AgencyLifecycle.Action action) {
        Optional<Agency> found = Agency.findByIdOptional(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Agency agency = found.get();
        AgencyStatus before = agency.status;
        AgencyStatus after;
        try {
            after = AgencyLifecycle.next(before, action);
        } catch (AgencyLifecycle.IllegalTransitionException e) {
            throw new ApiException(ProblemType.CONFLICT, "Cannot " + action.verb() + " an agency that is " + before + ".");
        }
        List<String> proved = provedDomains(id);
        if (AgencyLifecycle.needsPrerequisites(after)) {
            List<String> missing = AgencyLifecycle.missingForActive(proved.size(), contacts.countActive(id));
            if (!missing.isEmpty()) {
                throw new ApiException(ProblemType.CONFLICT,
                        "The agency cannot become ACTIVE yet: it needs " + String.join(" and ", missing) + ".");
            }
        }
        Map<String, Object> snapshotBefore = snapshot(agency);
        agency.status = after;
        agency.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        organizations.ensure(agency, proved);
        organizations.syncEnabled(agency);
        if (after == AgencyStatus.SUSPENDED) {
            // Observed in this transaction: if its officers' tokens cannot be revoked, the suspension is refused too.
            suspended.fire(new AgencySuspended(caller.actor(), id, "agency-suspended"));
        }
        audit.record(caller.actor(), "agency." + action.verb(), "agency", id.toString(),
                Map.of("before", snapshotBefore, "after", snapshot(agency)));
        return Optional.of(AgencyView.of(agency));
    }

    static List<String> provedDomains(UUID agencyId) {
        return AgencyDomain.<AgencyDomain>list("agencyId = ?1 and provedAt is not null and proofLostAt is null", agencyId)
                .stream().map(d -> d.domain).toList();
    }

    static Map<String, Object> snapshot(Agency agency) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", agency.name);
        values.put("kind", agency.kind);
        values.put("country", agency.country);
        values.put("region", agency.region);
        values.put("status", agency.status.name());
        values.put("emergencyApprovers", agency.emergencyApprovers);
        values.put("keycloakOrgId", agency.keycloakOrgId);
        return values;
    }

    private static void addEquals(List<String> where, Map<String, Object> params, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            params.put(field, value.strip());
        }
    }

    private static String likeEscape(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
