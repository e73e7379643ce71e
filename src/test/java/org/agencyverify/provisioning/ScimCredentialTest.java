package org.agencyverify.provisioning;

import static io.restassured.RestAssured.given;
import static org.agencyverify.provisioning.ScimClients.audit;
import static org.agencyverify.provisioning.ScimClients.credential;
import static org.agencyverify.provisioning.ScimClients.credentialPath;
import static org.agencyverify.provisioning.ScimClients.scim;
import static org.agencyverify.provisioning.ScimClients.scimError;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;

/** The agency's SCIM credential through the admin API: shown once, rotated, revoked, for its admins and operators only. */
@QuarkusTest
class ScimCredentialTest {

    @Inject
    TestIdentities identities;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    AgencyVerifyConfig config;

    @Test
    void createdOnceShownNeverAgainAndAudited() {
        TestAgency agency = agencies.active();
        given().header("Authorization", agency.admin().bearer()).get(credentialPath(agency.id())).then().statusCode(200)
                .body("exists", equalTo(false));

        var created = given().header("Authorization", agency.admin().bearer()).post(credentialPath(agency.id())).then()
                .statusCode(201).header("Cache-Control", "no-store")
                .body("secret", matchesPattern("avscim_[0-9a-f]{32}_[A-Za-z0-9_-]{43}"))
                .body("scimBaseUrl", equalTo(config.baseUrl() + "/scim/v2")).extract();
        String secret = created.path("secret");

        String shown = given().header("Authorization", agency.admin().bearer()).get(credentialPath(agency.id())).then()
                .statusCode(200).body("exists", equalTo(true)).body("createdAt", notNullValue()).body("lastUsedAt", nullValue())
                .extract().asString();
        assertFalse(shown.contains(secret.substring(40)), "the secret is never shown again");
        scim(secret).get("/scim/v2/Users").then().statusCode(200);
        given().header("Authorization", agency.admin().bearer()).get(credentialPath(agency.id())).then()
                .body("lastUsedAt", notNullValue());

        // Stored hashed: the secret is nowhere in the row.
        byte[] stored = QuarkusTransaction.requiringNew().call(() -> ScimCredential.<ScimCredential>findById(agency.id()).secretHash);
        assertEquals(32, stored.length);
        List<AuditEvent> events = audit(agency.id().toString(), "scim-credential.");
        assertEquals(List.of("scim-credential.created"), events.stream().map(e -> e.action).toList());
        assertEquals("agency-admin:" + agency.admin().id(), events.get(0).actor);
        assertFalse(events.get(0).details.contains(secret.substring(40)), "the audit keeps no secret");
    }

    @Test
    void creatingAgainRotatesAndTheOldSecretStopsAtOnce() {
        TestAgency agency = agencies.active();
        String old = credential(agency);
        scim(old).get("/scim/v2/Users").then().statusCode(200);
        String rotated = given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).post(credentialPath(agency.id()))
                .then().statusCode(201).extract().path("secret");

        scimError(scim(old).get("/scim/v2/Users"), 401, null);
        scim(rotated).get("/scim/v2/Users").then().statusCode(200);
        assertEquals(List.of("scim-credential.created", "scim-credential.rotated"),
                audit(agency.id().toString(), "scim-credential.").stream().map(e -> e.action).toList());
    }

    @Test
    void revokedStopsAtOnce() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        given().header("Authorization", agency.admin().bearer()).delete(credentialPath(agency.id())).then().statusCode(204);

        scimError(scim(secret).get("/scim/v2/Users"), 401, null);
        given().header("Authorization", agency.admin().bearer()).get(credentialPath(agency.id())).then().body("exists", equalTo(false));
        given().header("Authorization", agency.admin().bearer()).delete(credentialPath(agency.id())).then().statusCode(404);
        assertEquals("scim-credential.revoked", audit(agency.id().toString(), "scim-credential.").get(1).action);
    }

    @Test
    void onlyTheAgencysAdminsAndOperatorsWithAStrongSignIn() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        for (String bearer : List.of(other.admin().bearer(), identities.user(Roles.OFFICER).bearer(),
                identities.user(Roles.PORTAL).bearer())) {
            given().header("Authorization", bearer).post(credentialPath(agency.id())).then().statusCode(403)
                    .body("type", equalTo(ProblemType.FORBIDDEN.uri()));
            given().header("Authorization", bearer).get(credentialPath(agency.id())).then().statusCode(403);
            given().header("Authorization", bearer).delete(credentialPath(agency.id())).then().statusCode(403);
        }
        given().post(credentialPath(agency.id())).then().statusCode(401).body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        // A phished admin password alone is sent to step up (RFC 9470), like every admin endpoint.
        given().header("Authorization", identities.userWithoutSecondFactor(Roles.AGENCY_ADMIN).bearer())
                .post(credentialPath(agency.id())).then().statusCode(401)
                .body("type", equalTo(ProblemType.INSUFFICIENT_USER_AUTHENTICATION.uri()));
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> ScimCredential.count("agencyId", agency.id())));
    }
}
