package org.agencyverify.agency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.hibernate.Session;

/** Writes import batches with JDBC batches, one transaction and one audit event per batch. */
@ApplicationScoped
public class ImportWriter {

    public static final String SOURCE = "DOTGOV_IMPORT";

    /** An agency to create (or an existing one, {@code existing}) and the new domains it gets. */
    public record Planned(UUID id, boolean existing, String name, AgencyKind kind, String region, List<String> domains) {}

    private final EntityManager entityManager;
    private final AuditLog audit;

    ImportWriter(EntityManager entityManager, AuditLog audit) {
        this.entityManager = entityManager;
        this.audit = audit;
    }

    /** Which of these domains any agency already has. */
    @Transactional
    public Set<String> existingDomains(Collection<String> domains) {
        Set<String> found = new HashSet<>();
        for (List<String> chunk : DotgovRows.batches(new ArrayList<>(domains), 1000)) {
            found.addAll(entityManager.createQuery("SELECT d.domain FROM AgencyDomain d WHERE d.domain IN :domains", String.class)
                    .setParameter("domains", chunk).getResultList());
        }
        return found;
    }

    /** Candidates imported before, by name and region, so new domains join them. */
    @Transactional
    public Map<String, UUID> importedAgencies() {
        Map<String, UUID> agencies = new HashMap<>();
        List<Object[]> rows = entityManager.createQuery(
                "SELECT a.id, a.name, a.region FROM Agency a WHERE a.source = :source", Object[].class)
                .setParameter("source", SOURCE).getResultList();
        for (Object[] row : rows) {
            String key = ((String) row[1]).toLowerCase(java.util.Locale.ROOT) + "\u0000" + (row[2] == null ? "" : row[2]);
            agencies.putIfAbsent(key, (UUID) row[0]);
        }
        return agencies;
    }

    /** Inserts one batch; answers how many domains were really inserted (a concurrent claim wins). */
    @Transactional
    public int write(Actor actor, UUID importId, int batch, List<Planned> planned) {
        Timestamp now = Timestamp.from(Instant.now());
        int[] inserted = new int[1];
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement agencies = connection.prepareStatement(
                    "INSERT INTO agency (id, name, kind, country, region, status, source, created_at, updated_at, version) "
                            + "VALUES (?, ?, ?, 'US', ?, 'PENDING', ?, ?, ?, 0)");
                 PreparedStatement domains = connection.prepareStatement(
                    "INSERT INTO agency_domain (id, agency_id, domain, created_at, version) VALUES (?, ?, ?, ?, 0) "
                            + "ON CONFLICT (domain) DO NOTHING")) {
                for (Planned agency : planned) {
                    if (!agency.existing()) {
                        agencies.setObject(1, agency.id());
                        agencies.setString(2, agency.name());
                        agencies.setString(3, agency.kind().name());
                        agencies.setString(4, agency.region());
                        agencies.setString(5, SOURCE);
                        agencies.setTimestamp(6, now);
                        agencies.setTimestamp(7, now);
                        agencies.addBatch();
                    }
                    for (String domain : agency.domains()) {
                        domains.setObject(1, UUID.randomUUID());
                        domains.setObject(2, agency.id());
                        domains.setString(3, domain);
                        domains.setTimestamp(4, now);
                        domains.addBatch();
                    }
                }
                agencies.executeBatch();
                for (int count : domains.executeBatch()) {
                    inserted[0] += Math.max(count, 0);
                }
            }
        });
        List<Map<String, Object>> after = new ArrayList<>();
        for (Planned agency : planned) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", agency.id().toString());
            entry.put("name", agency.name());
            entry.put("created", !agency.existing());
            entry.put("domains", agency.domains());
            after.add(entry);
        }
        audit.record(actor, "agency.imported", "agency-import", importId.toString(),
                Map.of("batch", batch, "source", SOURCE, "before", Map.of(), "after", after));
        return inserted[0];
    }
}
