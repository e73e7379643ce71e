package org.agencyverify.provisioning;

import static io.restassured.RestAssured.given;
import static org.agencyverify.provisioning.ScimClients.credential;
import static org.agencyverify.provisioning.ScimClients.entraUser;
import static org.agencyverify.provisioning.ScimClients.oktaUser;
import static org.agencyverify.provisioning.ScimClients.patch;
import static org.agencyverify.provisioning.ScimClients.scim;
import static org.agencyverify.provisioning.ScimClients.scimError;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.crypto.RandomSecrets;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;

/** What /scim/v2 refuses, in SCIM's error format, and that a refusal changes nothing. */
@QuarkusTest
class ScimRefusalTest {

    @Inject
    EnrolledAgencies agencies;
    @Inject
    TestIdentities identities;

    @Test
    void onlyAnAgencysCurrentScimCredentialGetsIn() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        String forged = "avscim_" + secret.substring(7, 39) + "_" + RandomSecrets.base64Url(32);
        for (String bearer : List.of("Bearer " + forged, "Bearer avscim_nothing", "Basic " + secret,
                agency.admin().bearer(), identities.user(Roles.OPERATOR).bearer(), identities.user(Roles.OFFICER).bearer())) {
            scimError(given().header("Authorization", bearer).get("/scim/v2/Users"), 401, null)
                    .header("WWW-Authenticate", "Bearer").body("detail", containsString("SCIM credential"));
        }
        scimError(given().get("/scim/v2/Users"), 401, null);
        scimError(given().get("/scim/v2/ServiceProviderConfig"), 401, null);
        scimError(given().contentType(ScimClients.SCIM_JSON).body(oktaUser(agency.email("x"), "00u1")).post("/scim/v2/Users"), 401, null);
        assertEquals(0L, officers(agency));
    }

    @Test
    void theScimCredentialOpensNothingElse() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        for (String path : List.of("/v1/agencies/" + agency.id() + "/officers", "/v1/agencies/" + agency.id() + "/scim-credential",
                "/v1/agencies/" + agency.id())) {
            given().header("Authorization", "Bearer " + secret).get(path).then().statusCode(401)
                    .contentType(startsWith("application/problem+json")).body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        }
        given().header("Authorization", "Bearer " + secret).post("/v1/agencies/" + agency.id() + "/scim-credential").then()
                .statusCode(401);
    }

    @Test
    void badInputIsA400WithItsScimType() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        String id = scim(secret).body(oktaUser(agency.email("bad." + UUID.randomUUID().toString().substring(0, 6)), "00u-bad"))
                .post("/scim/v2/Users").then().statusCode(201).extract().path("id");

        scimError(scim(secret).queryParam("filter", "userName eq ").get("/scim/v2/Users"), 400, "invalidFilter");
        scimError(scim(secret).queryParam("filter", "userName sw \"a\"").get("/scim/v2/Users"), 400, "invalidFilter");
        scimError(scim(secret).queryParam("filter", "displayName eq \"Riley Okta\"").get("/scim/v2/Users"), 400, "invalidFilter");
        scimError(scim(secret).queryParam("startIndex", "first").get("/scim/v2/Users"), 400, "invalidValue");
        scimError(scim(secret).body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],").post("/scim/v2/Users"),
                400, "invalidSyntax");
        scimError(scim(secret).body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\"}")
                .post("/scim/v2/Users"), 400, "invalidSyntax");
        scimError(scim(secret).body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"active\":true}")
                .post("/scim/v2/Users"), 400, "invalidValue");
        scimError(scim(secret).body(patch("{\"op\":\"move\",\"path\":\"active\",\"value\":false}")).patch("/scim/v2/Users/" + id),
                400, "invalidSyntax");
        scimError(scim(secret).body(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":\"perhaps\"}"))
                .patch("/scim/v2/Users/" + id), 400, "invalidValue");
        scimError(scim(secret).body(patch("{\"op\":\"replace\",\"path\":\"favouriteColour\",\"value\":\"red\"}"))
                .patch("/scim/v2/Users/" + id), 400, "invalidPath");
        scimError(scim(secret).body("{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}")
                .patch("/scim/v2/Users/" + id), 400, "invalidSyntax");
        scimError(scim(secret).body(patch("")).patch("/scim/v2/Users/" + id), 400, "invalidSyntax");
        scimError(scim(secret).contentType("text/plain").body("hello").post("/scim/v2/Users"), 415, null);
        scimError(scim(secret).get("/scim/v2/Groups"), 404, null);
        // A patch with one bad operation applies none of them.
        scimError(scim(secret).body(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false},{\"op\":\"jump\"}"))
                .patch("/scim/v2/Users/" + id), 400, "invalidSyntax");
        assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(UUID.fromString(id)).status);
        assertEquals(1L, officers(agency));
    }

    @Test
    void anEmailOutsideTheAgencysProvedDomainsIsRefusedAndNothingMade() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        String unproved = agencies.addUnprovedDomain(agency);
        String otherAgencys = agencies.active().email("someone");
        for (String email : List.of("x@" + unproved, "x@gmail.com", otherAgencys)) {
            scimError(scim(secret).body(entraUser(email, UUID.randomUUID().toString())).post("/scim/v2/Users"), 400, "invalidValue")
                    .body("detail", containsString("proved domains"));
            assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> Officer.count("email", email)));
            assertTrue(identities.realm().users().searchByEmail(email, true).isEmpty(), "no Keycloak user for " + email);
        }
        assertEquals(0L, officers(agency));
    }

    @Test
    void oneAgencysClientNeverSeesOrChangesAnothersOfficers() {
        TestAgency a = agencies.active();
        TestAgency b = agencies.active();
        String secretA = credential(a);
        String secretB = credential(b);
        String email = b.email("b." + UUID.randomUUID().toString().substring(0, 6));
        String id = scim(secretB).body(oktaUser(email, "00u-b")).post("/scim/v2/Users").then().statusCode(201).extract().path("id");
        // An officer B's admin enrolled by hand is B's too.
        UUID handEnrolled = OfficerFixtures.enrolled(b);

        for (String target : List.of(id, handEnrolled.toString())) {
            scimError(scim(secretA).get("/scim/v2/Users/" + target), 404, null);
            scimError(scim(secretA).body(patch("{\"op\":\"replace\",\"value\":{\"active\":false}}")).patch("/scim/v2/Users/" + target),
                    404, null);
            scimError(scim(secretA).body(oktaUser(email, "00u-b")).put("/scim/v2/Users/" + target), 404, null);
            scimError(scim(secretA).delete("/scim/v2/Users/" + target), 404, null);
            assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(UUID.fromString(target)).status);
        }
        scim(secretA).queryParam("filter", "userName eq \"" + email + "\"").get("/scim/v2/Users").then().body("totalResults", equalTo(0));
        scim(secretA).queryParam("filter", "externalId eq \"00u-b\"").get("/scim/v2/Users").then().body("totalResults", equalTo(0));
        scim(secretA).get("/scim/v2/Users").then().body("totalResults", equalTo(0));
        // B's own client sees both.
        scim(secretB).get("/scim/v2/Users").then().body("totalResults", equalTo(2));
    }

    /**
     * A suspended agency's directory may still take people away (a leaver must not wait for the agency's
     * reinstatement), never add or bring back anyone: the officer feature's own agency checks decide, as for
     * the admin API.
     */
    @Test
    void aSuspendedAgencysClientDeprovisionsButEnrollsAndReinstatesNoOne() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        String id = scim(secret).body(oktaUser(agency.email("stay." + UUID.randomUUID().toString().substring(0, 6)), "00u-s"))
                .post("/scim/v2/Users").then().statusCode(201).extract().path("id");
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer())
                .post("/v1/agencies/" + agency.id() + "/suspend").then().statusCode(200);

        String newcomer = agency.email("new." + UUID.randomUUID().toString().substring(0, 6));
        scimError(scim(secret).body(oktaUser(newcomer, "00u-n")).post("/scim/v2/Users"), 409, null)
                .body("detail", containsString("suspended"));
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> Officer.count("email", newcomer)));

        scim(secret).body(patch("{\"op\":\"replace\",\"value\":{\"active\":false}}")).patch("/scim/v2/Users/" + id)
                .then().statusCode(200).body("active", equalTo(false));
        assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(UUID.fromString(id)).status);

        scimError(scim(secret).body(patch("{\"op\":\"replace\",\"value\":{\"active\":true}}")).patch("/scim/v2/Users/" + id),
                409, null);
        assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(UUID.fromString(id)).status);
        assertEquals(1L, officers(agency));
    }

    private static long officers(TestAgency agency) {
        return QuarkusTransaction.requiringNew().call(() -> Officer.count("agencyId", agency.id()));
    }
}
