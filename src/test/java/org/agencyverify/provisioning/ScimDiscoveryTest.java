package org.agencyverify.provisioning;

import static org.agencyverify.provisioning.ScimClients.credential;
import static org.agencyverify.provisioning.ScimClients.scim;
import static org.agencyverify.provisioning.ScimClients.scimError;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.junit.jupiter.api.Test;

/** ServiceProviderConfig, Schemas and ResourceTypes say honestly what is supported. */
@QuarkusTest
class ScimDiscoveryTest {

    @Inject
    EnrolledAgencies agencies;

    @Test
    void theServiceSaysWhatItSupports() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        scim(secret).get("/scim/v2/ServiceProviderConfig").then().statusCode(200).contentType(startsWith(ScimClients.SCIM_JSON))
                .body("patch.supported", equalTo(true)).body("bulk.supported", equalTo(false))
                .body("filter.supported", equalTo(true)).body("filter.maxResults", equalTo(ScimUsers.MAX_RESULTS))
                .body("changePassword.supported", equalTo(false)).body("sort.supported", equalTo(false))
                .body("etag.supported", equalTo(false)).body("authenticationSchemes[0].type", equalTo("oauthbearertoken"));
        scim(secret).get("/scim/v2/ResourceTypes").then().statusCode(200).body("totalResults", equalTo(1))
                .body("Resources[0].endpoint", equalTo("/Users"));
        scim(secret).get("/scim/v2/ResourceTypes/User").then().statusCode(200).body("name", equalTo("User"));
        scim(secret).get("/scim/v2/Schemas").then().statusCode(200)
                .body("Resources[0].id", equalTo("urn:ietf:params:scim:schemas:core:2.0:User"))
                .body("Resources[0].attributes.name", hasItems("userName", "externalId", "name", "displayName", "active", "emails"));
        scim(secret).get("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").then().statusCode(200)
                .body("name", equalTo("User"));
        scimError(scim(secret).get("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group"), 404, null);
    }

    @Test
    void plainJsonIsAcceptedToo() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        scim(secret).accept("application/json").contentType("application/json")
                .body(ScimClients.oktaUser(agency.email("json"), "00u-json")).post("/scim/v2/Users").then().statusCode(201)
                .body("userName", equalTo(agency.email("json")));
    }
}
