package org.agencyverify.agency;

import static io.restassured.RestAssured.given;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.contact.AgencyContact;

/** Test data for agency tests: agencies through the API, rows the API of other features would make. */
@ApplicationScoped
public class AgencyFixtures {

    /** A new agency through the API, as the operator; answers its id. */
    public String createAgency(String operatorBearer, String name) {
        return given().header("Authorization", operatorBearer).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "CITY", "country", "US", "region", "CA"))
                .post("/v1/agencies").then().statusCode(201).extract().path("id");
    }

    /** An ACTIVE contact row, as the contact feature (another engineer's) would register it. */
    public void addActiveContact(String agencyId) {
        addActiveContact(UUID.fromString(agencyId), AgencyContact.Level.STANDARD);
    }

    /** An ACTIVE email contact of this level; answers its id. */
    public UUID addActiveContact(UUID agencyId, AgencyContact.Level level) {
        return addContact(agencyId, level, AgencyContact.Status.ACTIVE);
    }

    /** A contact row of this level and status; answers its id. */
    public UUID addContact(UUID agencyId, AgencyContact.Level level, AgencyContact.Status status) {
        return addEmailContact(agencyId, level, status, null, null);
    }

    /** An email contact row with its own address and Keycloak user (null: made up, none); answers its id. */
    public UUID addEmailContact(UUID agencyId, AgencyContact.Level level, AgencyContact.Status status, String email,
            String keycloakUserId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AgencyContact contact = new AgencyContact();
            contact.id = UUID.randomUUID();
            contact.agencyId = agencyId;
            contact.name = "Records Custodian";
            contact.role = "records custodian";
            contact.level = level;
            contact.channel = AgencyContact.Channel.EMAIL;
            contact.email = email != null ? email : "custodian-" + contact.id + "@contact.test";
            contact.keycloakUserId = keycloakUserId;
            contact.status = status;
            contact.createdAt = Instant.now();
            contact.updatedAt = contact.createdAt;
            contact.persist();
            return contact.id;
        });
    }

    /** A proved domain row (the DNS proof itself is tested in the domain tests). */
    public void addProvedDomain(String agencyId, String domain) {
        QuarkusTransaction.requiringNew().run(() -> {
            AgencyDomain row = new AgencyDomain();
            row.id = UUID.randomUUID();
            row.agencyId = UUID.fromString(agencyId);
            row.domain = domain;
            row.provedAt = Instant.now();
            row.createdAt = row.provedAt;
            row.persist();
        });
    }

    /** An AgencyAdmin row for an existing Keycloak user (the admin endpoint is tested on its own). */
    public void addAdminRow(String agencyId, String keycloakUserId, String email) {
        QuarkusTransaction.requiringNew().run(() -> {
            AgencyAdmin admin = new AgencyAdmin();
            admin.id = UUID.randomUUID();
            admin.agencyId = UUID.fromString(agencyId);
            admin.keycloakUserId = keycloakUserId;
            admin.email = email;
            admin.name = "Fixture Admin";
            admin.createdAt = Instant.now();
            admin.persist();
        });
    }

    public Agency agency(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Agency.<Agency>findById(UUID.fromString(id)));
    }

    public List<AuditEvent> audit(String subjectId, String action) {
        return QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.<AuditEvent>list("subjectId = ?1 and action = ?2 order by sequence", subjectId, action));
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
