package org.agencyverify.officer;

import static io.restassured.RestAssured.given;
import static org.agencyverify.officer.OfficerEnrollmentTest.problem;
import static org.agencyverify.officer.OfficerFixtures.enrolled;
import static org.agencyverify.officer.OfficerFixtures.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.invitation.Invitation;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.Maildir;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;

/**
 * An enrolled officer gets in by the invitation alone: the worker has Keycloak mail it through the
 * stack's real SMTP server (aiosmtpd), the test reads it from the Maildir, follows the link, sets a
 * password and a TOTP, and then signs in with both.
 */
@QuarkusTest
class OfficerInvitationTest {

    static final Pattern ACTION_LINK = Pattern.compile("(https?://\\S*/login-actions/action-token\\S*)");
    private static final Pattern PROCEED = Pattern.compile("href=\"([^\"]*/login-actions/action-token[^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EnrolledAgencies agencies;

    @Inject
    TestIdentities identities;

    @Inject
    AgencyVerifyConfig config;

    @Test
    void anEnrolledOfficerSetsUpSignInFromTheEmailAndGetsIn() {
        TestAgency agency = agencies.active();
        UUID officerId = enrolled(agency);
        Officer officer = OfficerFixtures.row(officerId);
        Invitation invitation = awaitInvitation(officerId, Invitation.Status.SENT);
        assertEquals(List.of("UPDATE_PASSWORD", "CONFIGURE_TOTP"), invitation.actions());
        assertEquals(officer.keycloakUserId, invitation.keycloakUserId);

        String text = Maildir.text(Maildir.awaitMessageTo(officer.email, Duration.ofSeconds(30)));
        Matcher link = ACTION_LINK.matcher(text);
        assertTrue(link.find(), "no action link in the invitation: " + text);

        String password = "pw-" + UUID.randomUUID();
        String secret = completeSetup(link.group(1), password);

        given().header("Authorization", agency.admin().bearer()).post(path(agency.id()) + "/" + officerId + "/activate")
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        // The next time step's code: the one used at setup cannot be used again in its window.
        JsonNode tokens = passwordAndOtpGrant(officer.email, password,
                BrowserlessLogin.totp(secret, Instant.now().getEpochSecond() + 30));
        assertEquals(officer.keycloakUserId, BrowserlessLogin.claims(tokens.path("access_token").asText()).path("sub").asText());

        // Sent once, audited without the link.
        Eventually.sleep(1500);
        assertEquals(1, Maildir.messagesTo(officer.email).size());
        List<AuditEvent> events = audit(invitation.id);
        assertEquals(List.of("invitation.sent"), events.stream().map(e -> e.action).toList());
        assertFalse(events.get(0).details.contains("action-token") || events.get(0).details.contains("key="), events.get(0).details);
    }

    @Test
    void resendQueuesAnotherEmailForAnInvitedOfficerOnly() {
        TestAgency agency = agencies.active();
        UUID officerId = enrolled(agency);
        Officer officer = OfficerFixtures.row(officerId);
        awaitInvitation(officerId, Invitation.Status.SENT);
        Maildir.awaitMessageTo(officer.email, Duration.ofSeconds(30));

        resend(agency.admin().bearer(), agency, officerId).then().statusCode(202)
                .body("kind", equalTo("OFFICER")).body("subjectId", equalTo(officerId.toString()));
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(2, Maildir.messagesTo(officer.email).size()));
        resend(identities.user(Roles.OPERATOR).bearer(), agency, officerId).then().statusCode(202);
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(3, Maildir.messagesTo(officer.email).size()));
        assertTrue(OfficerFixtures.audit(officerId).stream().noneMatch(e -> e.action.startsWith("invitation")));

        // Suspended: not in a state to be invited.
        given().header("Authorization", agency.admin().bearer()).post(path(agency.id()) + "/" + officerId + "/suspend")
                .then().statusCode(200);
        problem(resend(agency.admin().bearer(), agency, officerId), ProblemType.CONFLICT);
        problem(resend(agency.admin().bearer(), agency, UUID.randomUUID()), ProblemType.NOT_FOUND);
    }

    @Test
    void resendRefusesAnOfficerWithNothingLeftToSetUp() {
        TestAgency agency = agencies.active();
        UUID officerId = enrolled(agency);
        identities.realm().users().get(OfficerFixtures.row(officerId).keycloakUserId); // exists
        var user = identities.realm().users().get(OfficerFixtures.row(officerId).keycloakUserId);
        var representation = user.toRepresentation();
        representation.setRequiredActions(List.of());
        user.update(representation);
        problem(resend(agency.admin().bearer(), agency, officerId), ProblemType.CONFLICT);
    }

    @Test
    void resendRefusesMissingTokensWrongRolesAndOtherAgencies() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        UUID officerId = enrolled(agency);
        problem(resend(null, agency, officerId), ProblemType.UNAUTHORIZED);
        problem(resend("Bearer not.a.jwt", agency, officerId), ProblemType.UNAUTHORIZED);
        problem(resend(identities.user(Roles.OFFICER).bearer(), agency, officerId), ProblemType.FORBIDDEN);
        problem(resend(identities.user(Roles.CONTACT).bearer(), agency, officerId), ProblemType.FORBIDDEN);
        problem(resend(other.admin().bearer(), agency, officerId), ProblemType.FORBIDDEN);
    }

    /** Follows the email's link through Keycloak's pages; answers the TOTP secret the page showed. */
    private String completeSetup(String link, String password) {
        BrowserlessLogin browser = new BrowserlessLogin(config.keycloak().issuer(), TestIdentities.CLIENT);
        BrowserlessLogin.Page page = browser.open(link);
        String secret = null;
        for (int step = 0; step < 8; step++) {
            if (page.contains("password-new")) {
                page = browser.submit(page, null, Map.of("password-new", password, "password-confirm", password));
            } else if (page.contains("totpSecret")) {
                secret = BrowserlessLogin.hidden(page, "totpSecret");
                page = browser.submit(page, "kc-totp-settings-form", Map.of("totp",
                        BrowserlessLogin.totp(secret, Instant.now().getEpochSecond()), "userLabel", "test phone"));
            } else {
                Matcher proceed = PROCEED.matcher(page.html() == null ? "" : page.html());
                if (!proceed.find()) {
                    break;
                }
                page = browser.open(page.uri().resolve(proceed.group(1).replace("&amp;", "&")).toString());
            }
        }
        assertNotNull(secret, "no TOTP page: HTTP " + page.status() + " " + BrowserlessLogin.inputs(page));
        assertFalse(page.contains("password-new") || page.contains("totpSecret"), "setup not finished");
        return secret;
    }

    private JsonNode passwordAndOtpGrant(String username, String password, String totp) {
        // The service's own password + OTP check (the realm's only direct grant is its confidential client).
        var settings = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String body = Map.of("grant_type", "password",
                "client_id", settings.getValue("agency-verify.verification.direct-grant-client-id", String.class),
                "client_secret", settings.getValue("agency-verify.verification.direct-grant-client-secret", String.class),
                "username", username, "password", password, "totp", totp, "scope", "openid").entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(config.keycloak().issuer() + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "password + OTP grant refused");
            return JSON.readTree(response.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Invitation awaitInvitation(UUID subjectId, Invitation.Status status) {
        Invitation[] found = new Invitation[1];
        Eventually.within(Duration.ofSeconds(30), () -> {
            found[0] = QuarkusTransaction.requiringNew().call(() ->
                    Invitation.<Invitation>find("subjectId", subjectId).firstResult());
            assertNotNull(found[0], "no invitation for " + subjectId);
            assertEquals(status, found[0].status, "last error " + found[0].lastErrorKind);
        });
        return found[0];
    }

    static List<AuditEvent> audit(UUID subjectId) {
        return QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.<AuditEvent>list("subjectId = ?1 order by sequence", subjectId.toString()));
    }

    private static Response resend(String bearer, TestAgency agency, UUID officerId) {
        var request = given();
        if (bearer != null) {
            request = request.header("Authorization", bearer);
        }
        return request.post(path(agency.id()) + "/" + officerId + "/invitation");
    }
}
