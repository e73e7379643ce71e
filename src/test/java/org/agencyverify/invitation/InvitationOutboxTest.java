package org.agencyverify.invitation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.Maildir;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;

/**
 * Agency admins and email contacts are invited like officers; a send Keycloak keeps refusing is retried
 * with backoff and then FAILED and audited. (The test profile: 1 s worker, 1 s backoff, 3 attempts.)
 */
@QuarkusTest
class InvitationOutboxTest {

    private static final Pattern ACTION_LINK = Pattern.compile("https?://\\S*/login-actions/action-token\\S*");

    @Inject
    EnrolledAgencies agencies;

    @Inject
    TestIdentities identities;

    @Inject
    Invitations invitations;

    @Inject
    OperatorChanges operators;

    @Test
    void aSendKeycloakRefusesIsRetriedThenFailedAndAudited() {
        // An unknown Keycloak user id: Keycloak answers 404 on every attempt.
        UUID subject = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> invitations.invite(UUID.randomUUID().toString(),
                InvitationKind.OFFICER, subject, List.of("UPDATE_PASSWORD", "CONFIGURE_TOTP")));
        Invitation[] row = new Invitation[1];
        Eventually.within(Duration.ofSeconds(30), () -> {
            row[0] = invitation(subject);
            assertEquals(Invitation.Status.FAILED, row[0].status);
        });
        assertEquals(3, row[0].attempts);
        assertEquals("KEYCLOAK_REFUSED_404", row[0].lastErrorKind);
        List<AuditEvent> events = audit(row[0].id);
        assertEquals(List.of("invitation.failed"), events.stream().map(e -> e.action).toList());
        assertTrue(events.get(0).details.contains("KEYCLOAK_REFUSED_404"), events.get(0).details);
    }

    @Test
    void anAgencyAdminIsInvitedAndAnOperatorMayResend() {
        TestAgency agency = agencies.active();
        String operator = identities.user(Roles.OPERATOR).bearer();
        String email = agency.email("adm-" + UUID.randomUUID().toString().substring(0, 8));
        UUID adminId = UUID.fromString(given().header("Authorization", operator).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Alex Admin")).post(admins(agency)).then().statusCode(201)
                .extract().path("id"));
        awaitSent(adminId, InvitationKind.AGENCY_ADMIN);
        assertTrue(ACTION_LINK.matcher(Maildir.text(Maildir.awaitMessageTo(email, Duration.ofSeconds(30)))).find());

        post(operator, admins(agency) + "/" + adminId + "/invitation").then().statusCode(202)
                .body("kind", equalTo("AGENCY_ADMIN"));
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(2, Maildir.messagesTo(email).size()));
        problem(post(operator, admins(agency) + "/" + UUID.randomUUID() + "/invitation"), ProblemType.NOT_FOUND);
        // The agency's own admin (set up already, no required actions): nothing left to set up.
        String ownAdmin = QuarkusTransaction.requiringNew().call(() -> org.agencyverify.agency.AgencyAdmin
                .<org.agencyverify.agency.AgencyAdmin>find("keycloakUserId", agency.admin().id()).firstResult().id.toString());
        problem(post(operator, admins(agency) + "/" + ownAdmin + "/invitation"), ProblemType.CONFLICT);

        String path = admins(agency) + "/" + adminId + "/invitation";
        problem(post(null, path), ProblemType.UNAUTHORIZED);
        problem(post("Bearer not.a.jwt", path), ProblemType.UNAUTHORIZED);
        problem(post(agency.admin().bearer(), path), ProblemType.FORBIDDEN);
        problem(post(identities.user(Roles.OFFICER).bearer(), path), ProblemType.FORBIDDEN);
    }

    @Test
    void anEmailContactIsInvitedAndAnOperatorMayResendUntilRemoved() {
        TestAgency agency = agencies.active();
        String operator = identities.user(Roles.OPERATOR).bearer();
        String email = "contact-" + UUID.randomUUID().toString().substring(0, 10) + "@contacts.test";
        // Invited once the change that registers it applies (a second operator's approval here).
        UUID contactId = operators.registerContact(agency.id(), Map.of("name", "Dana Records", "role", "records custodian",
                "level", "STANDARD", "channel", Map.of("type", "EMAIL", "email", email))).id();
        awaitSent(contactId, InvitationKind.CONTACT);
        assertTrue(ACTION_LINK.matcher(Maildir.text(Maildir.awaitMessageTo(email, Duration.ofSeconds(30)))).find());

        String path = contacts(agency) + "/" + contactId + "/invitation";
        problem(post(null, path), ProblemType.UNAUTHORIZED);
        problem(post(agency.admin().bearer(), path), ProblemType.FORBIDDEN);
        problem(post(identities.user(Roles.CONTACT).bearer(), path), ProblemType.FORBIDDEN);
        post(operator, path).then().statusCode(202).body("kind", equalTo("CONTACT"));
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(2, Maildir.messagesTo(email).size()));
        UUID resent = QuarkusTransaction.requiringNew().call(() -> Invitation.<Invitation>find(
                "subjectId = ?1 order by createdAt desc", contactId).firstResult().id);
        assertEquals(List.of("invitation.resend-requested", "invitation.sent"),
                audit(resent).stream().map(e -> e.action).toList());

        operators.removeContact(agency.id(), contactId);
        problem(post(operator, path), ProblemType.CONFLICT);
        problem(post(operator, contacts(agency) + "/" + UUID.randomUUID() + "/invitation"), ProblemType.NOT_FOUND);
    }

    private static void awaitSent(UUID subjectId, InvitationKind kind) {
        Eventually.within(Duration.ofSeconds(30), () -> {
            Invitation row = invitation(subjectId);
            assertEquals(kind, row.kind);
            assertEquals(Invitation.Status.SENT, row.status, "last error " + row.lastErrorKind);
        });
    }

    private static Invitation invitation(UUID subjectId) {
        Invitation row = QuarkusTransaction.requiringNew().call(() ->
                Invitation.<Invitation>find("subjectId = ?1 order by createdAt", subjectId).firstResult());
        if (row == null) {
            throw new AssertionError("no invitation for " + subjectId);
        }
        return row;
    }

    private static List<AuditEvent> audit(UUID subjectId) {
        return QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.<AuditEvent>list("subjectId = ?1 order by sequence", subjectId.toString()));
    }

    private static String admins(TestAgency agency) {
        return "/v1/agencies/" + agency.id() + "/admins";
    }

    private static String contacts(TestAgency agency) {
        return "/v1/agencies/" + agency.id() + "/contacts";
    }

    private static Response post(String bearer, String path) {
        var request = given();
        if (bearer != null) {
            request = request.header("Authorization", bearer);
        }
        return request.post(path);
    }

    private static ValidatableResponse problem(Response response, ProblemType type) {
        return response.then().statusCode(type.status()).contentType(startsWith("application/problem+json"))
                .body("type", equalTo(type.uri()));
    }
}
