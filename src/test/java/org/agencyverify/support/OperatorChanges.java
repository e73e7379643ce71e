package org.agencyverify.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.security.Roles;

/**
 * Operator changes to an agency's contacts and identity providers, made the way the API takes them: one
 * operator proposes (202, a pending change), a second operator approves, and the change applies at once.
 */
@ApplicationScoped
public class OperatorChanges {

    /** A registered (ACTIVE) contact: its id, and the generated webhook secret (null when none). */
    public record Registered(UUID id, String webhookSecret) {}

    private final TestIdentities identities;

    /** Injected, or made by test helpers that are no beans themselves. */
    public OperatorChanges(TestIdentities identities) {
        this.identities = identities;
    }

    /** An ACTIVE contact, proposed by one operator and approved by another. */
    public Registered registerContact(UUID agencyId, Map<String, ?> contact) {
        ExtractableResponse<Response> proposed = given().header("Authorization", operator()).contentType(ContentType.JSON)
                .body(contact).post("/v1/agencies/" + agencyId + "/contacts").then().statusCode(202).extract();
        approve(agencyId, proposed.path("change.id"));
        return new Registered(UUID.fromString(proposed.path("change.contact.id")), proposed.path("webhookSecret"));
    }

    /** The contact REMOVED, proposed by one operator and approved by another. */
    public void removeContact(UUID agencyId, UUID contactId) {
        String changeId = given().header("Authorization", operator()).delete("/v1/agencies/" + agencyId + "/contacts/" + contactId)
                .then().statusCode(202).extract().path("change.id");
        approve(agencyId, changeId);
    }

    /** The IdP linked, proposed by one operator and approved by another; answers the link as {@code GET} shows it. */
    public ExtractableResponse<Response> linkIdentityProvider(UUID agencyId, Map<String, ?> link) {
        String changeId = given().header("Authorization", operator()).contentType(ContentType.JSON).body(link)
                .post(identityProviders(agencyId)).then().statusCode(202).extract().path("change.id");
        approve(agencyId, changeId);
        return given().header("Authorization", operator()).get(identityProviders(agencyId) + "/" + link.get("alias"))
                .then().statusCode(200).extract();
    }

    /** The IdP unlinked, proposed by one operator and approved by another. */
    public void unlinkIdentityProvider(UUID agencyId, String alias) {
        String changeId = given().header("Authorization", operator()).delete(identityProviders(agencyId) + "/" + alias)
                .then().statusCode(202).extract().path("change.id");
        approve(agencyId, changeId);
    }

    /**
     * A second operator (a new Keycloak user, so never the proposer) approves the pending change: it applies
     * at once. Under a test profile with a cool-down of seconds the worker may have applied it first.
     */
    public void approve(UUID agencyId, String changeId) {
        String change = "/v1/agencies/" + agencyId + "/changes/" + changeId;
        int status = given().header("Authorization", operator()).post(change + "/approve").then().extract().statusCode();
        if (status != 200) {
            given().header("Authorization", operator()).get(change).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("APPLIED"));
        }
    }

    private String operator() {
        return identities.user(Roles.OPERATOR).bearer();
    }

    private static String identityProviders(UUID agencyId) {
        return "/v1/agencies/" + agencyId + "/identity-providers";
    }
}
