package org.agencyverify.provisioning;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.support.EnrolledAgencies.TestAgency;

/** An agency's SCIM client in tests: its credential from the admin API, and requests the way the clients send them. */
final class ScimClients {

    static final String SCIM_JSON = "application/scim+json";

    private ScimClients() {}

    static String credentialPath(UUID agencyId) {
        return "/v1/agencies/" + agencyId + "/scim-credential";
    }

    /** A new SCIM credential of the agency, made by its admin. */
    static String credential(TestAgency agency) {
        return given().header("Authorization", agency.admin().bearer()).post(credentialPath(agency.id()))
                .then().statusCode(201).extract().path("secret");
    }

    static RequestSpecification scim(String secret) {
        return given().header("Authorization", "Bearer " + secret).contentType(SCIM_JSON).accept(SCIM_JSON);
    }

    /** Asserts a SCIM error (RFC 7644 3.12) with this status and scimType (null: none). */
    static ValidatableResponse scimError(Response response, int status, String scimType) {
        return response.then().statusCode(status).contentType(startsWith(SCIM_JSON))
                .body("schemas", equalTo(List.of("urn:ietf:params:scim:api:messages:2.0:Error")))
                .body("status", equalTo(Integer.toString(status)))
                .body("scimType", equalTo(scimType));
    }

    /** What Entra ID sends to create a user (its default attribute mappings), at the agency's domain. */
    static String entraUser(String email, String externalId) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"%s","userName":"%s","active":true,
                 "emails":[{"primary":true,"type":"work","value":"%s"}],
                 "meta":{"resourceType":"User"},
                 "name":{"formatted":"Dana Officer","familyName":"Officer","givenName":"Dana"},
                 "title":"Detective","preferredLanguage":"en-US",
                 "phoneNumbers":[{"type":"work","value":"+1 555 0100"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Cyber","employeeNumber":"E-%s"},
                 "roles":[]}
                """.formatted(externalId, email, email, externalId.substring(0, 8));
    }

    /** What Okta sends to create a user (its SCIM 2.0 test spec). */
    static String oktaUser(String email, String externalId) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Riley","familyName":"Okta"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],
                 "displayName":"Riley Okta","locale":"en-US","externalId":"%s","groups":[],"password":"1mz050nq","active":true}
                """.formatted(email, email, externalId);
    }

    static String patch(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operations + "]}";
    }

    static List<AuditEvent> audit(String subjectId, String actionPrefix) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list(
                "subjectId = ?1 and action like ?2 order by sequence", subjectId, actionPrefix + "%"));
    }
}
