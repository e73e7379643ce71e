package org.agencyverify.officer;

import static io.restassured.RestAssured.given;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Officers through the API, and the officer's side of Keycloak (finishing setup, signing in). */
@ApplicationScoped
public class OfficerFixtures {

    private final TestIdentities identities;
    private final AgencyVerifyConfig config;

    OfficerFixtures(TestIdentities identities, AgencyVerifyConfig config) {
        this.identities = identities;
        this.config = config;
    }

    static String path(UUID agencyId) {
        return "/v1/agencies/" + agencyId + "/officers";
    }

    static Response enroll(TestAgency agency, String bearer, String email, String badge) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Dana Q. Officer", "badgeNumber", badge))
                .post(path(agency.id()));
    }

    /** Enrolls a fresh officer as the agency's admin and returns its id. */
    public static UUID enrolled(TestAgency agency) {
        String email = agency.email("o" + UUID.randomUUID().toString().substring(0, 8));
        return UUID.fromString(enroll(agency, agency.admin().bearer(), email, "B-" + UUID.randomUUID()).then()
                .statusCode(201).extract().path("id"));
    }

    static void remove(TestAgency agency, UUID officerId) {
        given().header("Authorization", agency.admin().bearer()).delete(path(agency.id()) + "/" + officerId)
                .then().statusCode(200);
    }

    public static Officer row(UUID officerId) {
        return QuarkusTransaction.requiringNew().call(() -> Officer.<Officer>findById(officerId));
    }

    static Optional<Officer> rowByEmail(String email) {
        return QuarkusTransaction.requiringNew().call(() -> Officer.<Officer>find("email", email).firstResultOptional());
    }

    static List<AuditEvent> audit(UUID officerId) {
        return QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.<AuditEvent>list("subjectId = ?1 order by sequence", officerId.toString()));
    }

    UserRepresentation keycloakUser(UUID officerId) {
        return identities.realm().users().get(row(officerId).keycloakUserId).toRepresentation();
    }

    List<UserRepresentation> keycloakUsersByEmail(String email) {
        return identities.realm().users().searchByEmail(email, true);
    }

    /** Stands in for an officer who set a password but no second factor yet: enough for a password grant. */
    String passwordOnly(UUID officerId) {
        String userId = row(officerId).keycloakUserId;
        var user = identities.realm().users().get(userId);
        String password = "pw-" + UUID.randomUUID();
        user.resetPassword(password(password, false));
        UserRepresentation representation = user.toRepresentation();
        representation.setRequiredActions(List.of());
        user.update(representation);
        return password;
    }

    /**
     * The officer finishes Keycloak's required actions for real, without a browser: signs in with a
     * temporary password, chooses a new one and registers a TOTP authenticator from the page's secret.
     */
    String finishSetup(UUID officerId) {
        return finishSetupWithTotp(officerId).password();
    }

    /** What the officer chose and holds after setup, and the token of that browser sign-in (it has auth_time). */
    public record Setup(String password, String totpSecret, String accessToken) {}

    /** {@link #finishSetup}, keeping the authenticator's secret so the test can compute later codes. */
    public Setup finishSetupWithTotp(UUID officerId) {
        Officer officer = row(officerId);
        String totpSecret = null;
        String temporary = "tmp-" + UUID.randomUUID();
        var user = identities.realm().users().get(officer.keycloakUserId);
        user.resetPassword(password(temporary, true));
        UserRepresentation representation = user.toRepresentation();
        representation.setRequiredActions(List.of("UPDATE_PASSWORD", "CONFIGURE_TOTP"));
        user.update(representation);
        String chosen = "pw-" + UUID.randomUUID();
        BrowserlessLogin login = new BrowserlessLogin(config.keycloak().issuer(), TestIdentities.CLIENT);
        BrowserlessLogin.Page page = login.authorize("openid", Map.of());
        // Organizations make the login identity-first: the username, then the password on its own page.
        page = login.submit(page, "kc-form-login", Map.of("username", officer.email));
        for (int step = 0; step < 6 && login.code() == null; step++) {
            if (page.contains("name=\"password\"")) {
                page = login.submit(page, "kc-form-login", Map.of("password", temporary));
            } else if (page.contains("password-new")) {
                page = login.submit(page, null, Map.of("password-new", chosen, "password-confirm", chosen));
            } else if (page.contains("totpSecret")) {
                String secret = BrowserlessLogin.hidden(page, "totpSecret");
                totpSecret = secret;
                page = login.submit(page, "kc-totp-settings-form", Map.of("totp",
                        BrowserlessLogin.totp(secret, Instant.now().getEpochSecond()), "userLabel", "test phone"));
            } else {
                throw new IllegalStateException("unexpected page HTTP " + page.status() + ": " + BrowserlessLogin.inputs(page));
            }
        }
        String accessToken = login.tokens().path("access_token").asText();
        return new Setup(chosen, totpSecret, accessToken);
    }

    private static CredentialRepresentation password(String value, boolean temporary) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(value);
        credential.setTemporary(temporary);
        return credential;
    }
}
