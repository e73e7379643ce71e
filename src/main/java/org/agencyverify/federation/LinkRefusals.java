package org.agencyverify.federation;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.agencyverify.identity.KeycloakAdmin;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * Copies Keycloak's refusals of federated sign-ins (error {@value #REFUSAL}, stored as user events of
 * the types in {@link BrokerSetup#REFUSAL_EVENTS}) into the service's audit chain, as
 * {@code identity-provider.link-refused} on the IdP's agency. Keycloak decides and records at the
 * moment of the sign-in; this reads its event store on a schedule, from a cursor kept in PostgreSQL
 * (time and ids of the last events read, locked FOR UPDATE), so each refusal is audited once, by one
 * replica, even when Keycloak keeps events for months.
 */
@ApplicationScoped
public class LinkRefusals {

    /** The error the project's Keycloak authenticator records (keycloak/extension, AgencyLinkAuthenticator). */
    static final String REFUSAL = "agency_verify_link_refused";
    static final String CURSOR = "link-refusals";
    private static final int PAGE = 100;
    private static final int MAX_PAGES = 20;

    private final KeycloakAdmin keycloak;
    private final AuditLog audit;
    private final EntityManager entityManager;

    LinkRefusals(KeycloakAdmin keycloak, AuditLog audit, EntityManager entityManager) {
        this.keycloak = keycloak;
        this.audit = audit;
        this.entityManager = entityManager;
    }

    @Scheduled(identity = "link-refusals", every = "${agency-verify.federation.refusal-audit-every}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            collect();
        } catch (RuntimeException e) {
            Log.warnf("Keycloak's refused federated sign-ins not read (%s); retried next run", e.getClass().getSimpleName());
        }
    }

    /** Audits the refusals Keycloak stored since the last read; answers how many. */
    @Transactional
    public int collect() {
        entityManager.createNativeQuery("INSERT INTO keycloak_event_cursor (name, last_time, last_ids, updated_at) "
                + "VALUES (?1, 0, '', now()) ON CONFLICT (name) DO NOTHING").setParameter(1, CURSOR).executeUpdate();
        Object[] row = (Object[]) entityManager.createNativeQuery(
                "SELECT last_time, last_ids FROM keycloak_event_cursor WHERE name = ?1 FOR UPDATE")
                .setParameter(1, CURSOR).getSingleResult();
        long since = ((Number) row[0]).longValue();
        Set<String> seen = new HashSet<>(Arrays.stream(((String) row[1]).split(",")).filter(id -> !id.isBlank()).toList());
        long last = since;
        Set<String> lastIds = new HashSet<>(seen);
        int audited = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            int first = page * PAGE;
            List<EventRepresentation> events = keycloak.call("read refused federated sign-ins", realm -> realm.getEvents(
                    List.copyOf(BrokerSetup.REFUSAL_EVENTS), null, null, Long.toString(since), null, null, first, PAGE, "asc"));
            for (EventRepresentation event : events) {
                if (event.getTime() == since && seen.contains(event.getId())) {
                    continue;
                }
                if (REFUSAL.equals(event.getError())) {
                    record(event);
                    audited++;
                }
                if (event.getTime() > last) {
                    last = event.getTime();
                    lastIds = new HashSet<>();
                }
                lastIds.add(event.getId());
            }
            if (events.size() < PAGE) {
                break;
            }
        }
        entityManager.createNativeQuery("UPDATE keycloak_event_cursor SET last_time = ?2, last_ids = ?3, updated_at = now() "
                + "WHERE name = ?1").setParameter(1, CURSOR).setParameter(2, last)
                .setParameter(3, String.join(",", new ArrayList<>(lastIds))).executeUpdate();
        return audited;
    }

    private void record(EventRepresentation event) {
        Map<String, String> eventDetails = event.getDetails() == null ? Map.of() : event.getDetails();
        String alias = eventDetails.getOrDefault("identity_provider", "");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alias", alias);
        details.put("reason", eventDetails.getOrDefault("reason", ""));
        details.put("signIn", event.getType().startsWith("IDENTITY_PROVIDER_POST_LOGIN") ? "later" : "first");
        details.put("assertedEmail", eventDetails.getOrDefault("email", ""));
        details.put("upstreamUsername", eventDetails.getOrDefault("identity_provider_identity", ""));
        details.put("accountId", event.getUserId() == null ? "" : event.getUserId());
        details.put("ipAddress", event.getIpAddress() == null ? "" : event.getIpAddress());
        details.put("keycloakEventId", event.getId());
        details.put("at", Instant.ofEpochMilli(event.getTime()).toString());
        Optional<AgencyIdentityProvider> idp = AgencyIdentityProvider.<AgencyIdentityProvider>find("alias", alias).firstResultOptional();
        // An IdP unlinked since is still named; its agency is then unknown to the chain.
        audit.record(new Actor("identity-provider", alias), "identity-provider.link-refused",
                idp.isPresent() ? "agency" : "identity-provider", idp.map(i -> i.agencyId.toString()).orElse(alias), details);
    }
}
