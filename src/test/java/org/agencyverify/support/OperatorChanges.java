package org.agencyverify.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.security.Roles;

/** Operator changes to an agency's contacts and identity providers, as the API takes them. */
@ApplicationScoped
public class OperatorChanges {

    /** A registered contact: its id, and the generated webhook secret (null when none). */
    public record Registered(UUID id, String webhookSecret) {}

    private final TestIdentities identities;

    OperatorChanges(TestIdentities identities) {
        this.identities = identities;
    }

    public Registered registerContact(UUID agencyId, Map<String, ?> contact) {
        ExtractableResponse<Response> registered = given().header("Authorization", identities.user(Roles.OPERATOR).bearer())
                .contentType(ContentType.JSON).body(contact)
                .post("/v1/agencies/" + agencyId + "/contacts").then().statusCode(201).extract();
        return new Registered(UUID.fromString(registered.path("contact.id")), registered.path("webhookSecret"));
    }

    public void removeContact(UUID agencyId, UUID contactId) {
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer())
                .delete("/v1/agencies/" + agencyId + "/contacts/" + contactId).then().statusCode(200);
    }
}
