package org.agencyverify.provisioning;

import static org.agencyverify.provisioning.ScimClients.audit;
import static org.agencyverify.provisioning.ScimClients.credential;
import static org.agencyverify.provisioning.ScimClients.entraUser;
import static org.agencyverify.provisioning.ScimClients.patch;
import static org.agencyverify.provisioning.ScimClients.scim;
import static org.agencyverify.provisioning.ScimClients.scimError;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.invitation.Invitation;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;

/**
 * The requests Microsoft Entra ID's provisioning service sends, in its order: look the user up by userName
 * (empty), create, look up again, patch attributes, disable with {@code "Replace"} and {@code "False"},
 * enable, delete; and the same requests replayed.
 */
@QuarkusTest
class ScimEntraIdTest {

    @Inject
    EnrolledAgencies agencies;
    @Inject
    TestIdentities identities;
    @Inject
    AgencyVerifyConfig config;

    @Test
    void aUsersWholeLifeAsEntraIdSendsIt() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        String email = agency.email("dana." + UUID.randomUUID().toString().substring(0, 6));
        String externalId = UUID.randomUUID().toString();

        // Entra ID asks first whether the user exists: an empty list, not a 404.
        scim(secret).queryParam("filter", "userName eq \"" + email + "\"").get("/scim/v2/Users").then().statusCode(200)
                .contentType(startsWith(ScimClients.SCIM_JSON))
                .body("schemas", equalTo(List.of("urn:ietf:params:scim:api:messages:2.0:ListResponse")))
                .body("totalResults", equalTo(0)).body("Resources", empty());

        var created = scim(secret).body(entraUser(email, externalId)).post("/scim/v2/Users").then().statusCode(201)
                .contentType(startsWith(ScimClients.SCIM_JSON))
                .body("userName", equalTo(email)).body("externalId", equalTo(externalId)).body("active", equalTo(true))
                .body("name.givenName", equalTo("Dana")).body("name.familyName", equalTo("Officer"))
                .body("emails[0].value", equalTo(email)).body("meta.resourceType", equalTo("User"))
                .body("meta.created", notNullValue()).body("meta.lastModified", notNullValue()).extract();
        String id = created.path("id");
        // The configured public URL (what the agency's IT reaches), not the address the request came in on.
        assertEquals(config.baseUrl() + "/scim/v2/Users/" + id, created.header("Location"));
        assertEquals(created.header("Location"), created.path("meta.location"));
        UUID officerId = UUID.fromString(id);
        Officer officer = OfficerFixtures.row(officerId);
        assertEquals(OfficerStatus.INVITED, officer.status);
        assertEquals(agency.id(), officer.agencyId);
        assertEquals("Dana Officer", officer.name);
        assertEquals("E-" + externalId.substring(0, 8), officer.badgeNumber, "the enterprise employeeNumber is the badge");
        // The invitation to set a password and an authenticator goes out as for an admin's enrollment.
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> Invitation.count("subjectId", officerId)));
        assertEquals("scim:" + agency.id(), audit(id, "officer.enrolled").get(0).actor);

        scim(secret).queryParam("filter", "userName eq \"" + email.toUpperCase() + "\"").get("/scim/v2/Users").then()
                .statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));
        scim(secret).queryParam("filter", "externalId eq \"" + externalId + "\"").get("/scim/v2/Users").then()
                .statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));
        scim(secret).get("/scim/v2/Users/" + id).then().statusCode(200).body("userName", equalTo(email));

        // Attributes change: Entra ID sends each changed one with its own path, ops capitalised.
        scim(secret).body(patch("""
                {"op":"Replace","path":"name.givenName","value":"Danielle"},
                {"op":"Replace","path":"name.formatted","value":"Danielle Officer"},
                {"op":"Add","path":"displayName","value":"Det. Danielle Officer"},
                {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"%s"},
                {"op":"Replace","path":"title","value":"Sergeant"}""".formatted(email)))
                .patch("/scim/v2/Users/" + id).then().statusCode(200)
                .body("name.givenName", equalTo("Danielle")).body("displayName", equalTo("Det. Danielle Officer"));
        assertEquals("Danielle Officer", OfficerFixtures.row(officerId).name);
        assertEquals(1, audit(id, "officer.renamed").size());
        assertTrue(audit(id, "scim-user.updated").get(0).details.contains("Det. Danielle Officer"));
        assertEquals("Danielle", identities.realm().users().get(officer.keycloakUserId).toRepresentation().getFirstName());

        // Disabled in the directory: Entra ID's capitalised op and string boolean.
        String disable = patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}");
        scim(secret).body(disable).patch("/scim/v2/Users/" + id).then().statusCode(200).body("active", equalTo(false));
        assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(officerId).status);
        assertFalse(identities.realm().users().get(officer.keycloakUserId).toRepresentation().isEnabled());
        // Replayed: the same answer, and nothing happens twice.
        scim(secret).body(disable).patch("/scim/v2/Users/" + id).then().statusCode(200).body("active", equalTo(false));
        assertEquals(1, audit(id, "officer.suspended").size());
        scim(secret).queryParam("filter", "userName eq \"" + email + "\"").get("/scim/v2/Users").then()
                .body("Resources[0].active", equalTo(false));

        scim(secret).body(patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}")).patch("/scim/v2/Users/" + id)
                .then().statusCode(200).body("active", equalTo(true));
        assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(officerId).status, "reinstated to where they were");
        assertTrue(identities.realm().users().get(officer.keycloakUserId).toRepresentation().isEnabled());

        scim(secret).delete("/scim/v2/Users/" + id).then().statusCode(204);
        assertEquals(OfficerStatus.REVOKED, OfficerFixtures.row(officerId).status);
        scimError(scim(secret).get("/scim/v2/Users/" + id), 404, null);
        scimError(scim(secret).delete("/scim/v2/Users/" + id), 404, null);
        scim(secret).queryParam("filter", "userName eq \"" + email + "\"").get("/scim/v2/Users").then()
                .body("totalResults", equalTo(0));
    }

    @Test
    void theSameCreateTwiceIsAUniquenessConflict() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        String email = agency.email("twice." + UUID.randomUUID().toString().substring(0, 6));
        String body = entraUser(email, UUID.randomUUID().toString());
        scim(secret).body(body).post("/scim/v2/Users").then().statusCode(201);

        scimError(scim(secret).body(body).post("/scim/v2/Users"), 409, "uniqueness");
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> Officer.count("email", email)));
        scim(secret).get("/scim/v2/Users").then().body("totalResults", equalTo(1)).body("Resources", hasSize(1));
    }

    @Test
    void aUserPrincipalNameOtherThanTheMailboxIsKeptAsTheUserName() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        String email = agency.email("upn." + UUID.randomUUID().toString().substring(0, 6));
        String upn = "u" + UUID.randomUUID().toString().substring(0, 6) + "@agency.onmicrosoft.com";
        String body = entraUser(email, UUID.randomUUID().toString()).replace("\"userName\":\"" + email + "\"", "\"userName\":\"" + upn + "\"");
        String id = scim(secret).body(body).post("/scim/v2/Users").then().statusCode(201)
                .body("userName", equalTo(upn)).body("emails[0].value", equalTo(email)).extract().path("id");

        assertEquals(email, OfficerFixtures.row(UUID.fromString(id)).email);
        scim(secret).queryParam("filter", "userName eq \"" + upn + "\"").get("/scim/v2/Users").then()
                .body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));
        scimError(scim(secret).body(patch("{\"op\":\"Replace\",\"path\":\"userName\",\"value\":\"other@agency.onmicrosoft.com\"}"))
                .patch("/scim/v2/Users/" + id), 400, "mutability");
    }
}
