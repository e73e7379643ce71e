package org.agencyverify.provisioning;

import static org.agencyverify.provisioning.ScimClients.audit;
import static org.agencyverify.provisioning.ScimClients.credential;
import static org.agencyverify.provisioning.ScimClients.oktaUser;
import static org.agencyverify.provisioning.ScimClients.patch;
import static org.agencyverify.provisioning.ScimClients.scim;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.junit.jupiter.api.Test;

/**
 * The requests Okta's SCIM 2.0 client sends (its SCIM test spec): look up with paging parameters, create,
 * read, profile update by PUT, deactivate and reactivate by PATCH without a path, list pages.
 */
@QuarkusTest
class ScimOktaTest {

    @Inject
    EnrolledAgencies agencies;

    @Test
    void aUsersWholeLifeAsOktaSendsIt() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        String email = agency.email("riley." + UUID.randomUUID().toString().substring(0, 6));
        String externalId = "00u" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);

        scim(secret).queryParam("filter", "userName eq \"" + email + "\"").queryParam("startIndex", 1).queryParam("count", 100)
                .get("/scim/v2/Users").then().statusCode(200).body("totalResults", equalTo(0)).body("startIndex", equalTo(1));

        String id = scim(secret).body(oktaUser(email, externalId)).post("/scim/v2/Users").then().statusCode(201)
                .body("userName", equalTo(email)).body("displayName", equalTo("Riley Okta")).body("active", equalTo(true))
                .extract().path("id");
        UUID officerId = UUID.fromString(id);
        assertEquals("Riley Okta", OfficerFixtures.row(officerId).name);
        assertEquals(externalId, OfficerFixtures.row(officerId).badgeNumber, "no employee number: the directory's id is the badge");
        scim(secret).get("/scim/v2/Users/" + id).then().statusCode(200).body("externalId", equalTo(externalId));

        // Profile push: Okta replaces the whole user.
        scim(secret).body(oktaUser(email, externalId).replace("\"givenName\":\"Riley\"", "\"givenName\":\"Rylee\"")
                .replace("Riley Okta", "Rylee Okta")).put("/scim/v2/Users/" + id).then().statusCode(200)
                .body("name.givenName", equalTo("Rylee")).body("displayName", equalTo("Rylee Okta"));
        assertEquals("Rylee Okta", OfficerFixtures.row(officerId).name);

        // Deactivate: no path, the attributes in the value.
        String deactivate = patch("{\"op\":\"replace\",\"value\":{\"active\":false}}");
        scim(secret).body(deactivate).patch("/scim/v2/Users/" + id).then().statusCode(200).body("active", equalTo(false));
        scim(secret).body(deactivate).patch("/scim/v2/Users/" + id).then().statusCode(200).body("active", equalTo(false));
        assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(officerId).status);
        assertEquals(1, audit(id, "officer.suspended").size());

        scim(secret).body(patch("{\"op\":\"replace\",\"value\":{\"active\":true}}")).patch("/scim/v2/Users/" + id).then()
                .statusCode(200).body("active", equalTo(true));
        assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(officerId).status);
        assertEquals(1, audit(id, "officer.reinstated").size());
    }

    @Test
    void listPagesOldestFirstWithStartIndexAndCount() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = scim(secret).body(oktaUser(agency.email("p" + i), "00u-page-" + i)).post("/scim/v2/Users").then()
                    .statusCode(201).extract().path("id");
        }
        scim(secret).queryParam("startIndex", 1).queryParam("count", 2).get("/scim/v2/Users").then().statusCode(200)
                .body("totalResults", equalTo(3)).body("itemsPerPage", equalTo(2)).body("Resources", hasSize(2))
                .body("Resources[0].id", equalTo(ids[0]));
        scim(secret).queryParam("startIndex", 3).queryParam("count", 2).get("/scim/v2/Users").then()
                .body("totalResults", equalTo(3)).body("startIndex", equalTo(3)).body("Resources", hasSize(1))
                .body("Resources[0].id", equalTo(ids[2]));
        scim(secret).queryParam("count", 0).get("/scim/v2/Users").then().body("totalResults", equalTo(3))
                .body("Resources", hasSize(0));
    }
}
