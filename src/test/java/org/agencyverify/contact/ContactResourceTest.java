package org.agencyverify.contact;

import static io.restassured.RestAssured.given;
import static org.agencyverify.contact.ContactTestData.email;
import static org.agencyverify.contact.ContactTestData.emailContact;
import static org.agencyverify.contact.ContactTestData.hookUrl;
import static org.agencyverify.contact.ContactTestData.webhookContact;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.crypto.StoredSecrets;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Contacts registered by operators against the real Keycloak and PostgreSQL: a registration is a
 * pending change that a second operator approves ({@link OperatorChanges}); see OperatorContactChangeTest
 * for what one operator alone cannot do.
 */
@QuarkusTest
class ContactResourceTest {

    @Inject
    TestIdentities identities;

    @Inject
    StoredSecrets storedSecrets;

    @Inject
    jakarta.persistence.EntityManager entityManager;

    @Inject
    OperatorChanges operators;

    private String operator() {
        return identities.user(Roles.OPERATOR).bearer();
    }

    private static ValidatableResponse register(String bearer, UUID agencyId, Map<String, ?> body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .post("/v1/agencies/" + agencyId + "/contacts").then();
    }

    /** Proposed (202) and approved by a second operator; answers the proposal. */
    private ExtractableResponse<Response> registered(String bearer, UUID agencyId, Map<String, ?> body) {
        var proposed = register(bearer, agencyId, body).statusCode(202).extract();
        operators.approve(agencyId, proposed.path("change.id"));
        return proposed;
    }

    @Test
    void webhookContactWithoutKeyGetsAnHmacSecretShownOnceAndStoredEncrypted() {
        UUID agency = ContactTestData.agency();
        String bearer = operator();
        var created = register(bearer, agency, webhookContact(hookUrl())).statusCode(202)
                .header("Location", notNullValue())
                .body("change.contact.status", equalTo("PENDING"))
                .body("change.contact.channel", equalTo("WEBHOOK"))
                .body("change.contact.signatureScheme", equalTo("HMAC_SHA256"))
                .body("webhookSecret", startsWith("whsec_"))
                .extract();
        String secret = created.path("webhookSecret");
        String id = created.path("change.contact.id");
        String changeId = created.path("change.id");
        operators.approve(agency, changeId);
        assertEquals(AgencyContact.Status.ACTIVE, contact(id).status);
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);

        AgencyContact stored = contact(id);
        assertNotEquals(secret, stored.hmacSecretEncrypted);
        assertFalse(stored.hmacSecretEncrypted.contains(secret.substring(6)));
        assertEquals(secret, storedSecrets.open(stored.hmacSecretEncrypted, ContactEnrollment.hmacContext(stored.id)));

        given().header("Authorization", bearer).get("/v1/agencies/" + agency + "/contacts/" + id).then()
                .statusCode(200).body("$", not(hasKey("webhookSecret"))).body("$", not(hasKey("hmacSecretEncrypted")));
        for (String action : List.of("contact.change-proposed", "contact.change-approved", "contact.change-applied")) {
            AuditEvent event = audit(changeId, action);
            assertFalse(event.details.contains(secret.substring(6)), "the secret must never reach the audit trail");
            assertFalse(event.details.contains(stored.hmacSecretEncrypted));
        }
    }

    @Test
    void webhookContactWithEd25519KeyKeepsTheKeyAndGetsNoSecret() {
        UUID agency = ContactTestData.agency();
        String key = ContactTestData.ed25519PublicKey();
        register(operator(), agency, webhookContact(hookUrl(), key)).statusCode(202)
                .body("change.contact.signatureScheme", equalTo("ED25519"))
                .body("change.contact.publicKey", equalTo(key))
                .body("webhookSecret", nullValue());
    }

    @Test
    void emailContactGetsAKeycloakUserInTheAgencyOrganization() {
        String org = ContactTestData.organization(identities);
        UUID agency = ContactTestData.agency(org);
        String email = email();
        var proposed = register(operator(), agency, emailContact(email)).statusCode(202)
                .body("change.contact.email", equalTo(email))
                .body("change.contact.status", equalTo("PENDING"))
                .body("webhookSecret", nullValue())
                .extract();
        String id = proposed.path("change.contact.id");
        UserRepresentation pending = identities.realm().users().searchByEmail(email, true).get(0);
        assertFalse(pending.isEnabled(), "no sign-in while the change is pending");
        operators.approve(agency, proposed.path("change.id"));

        UserRepresentation user = identities.realm().users().searchByEmail(email, true).get(0);
        assertEquals(contact(id).keycloakUserId, user.getId());
        assertTrue(user.isEnabled());
        assertTrue(user.getRequiredActions().containsAll(List.of("UPDATE_PASSWORD", "CONFIGURE_TOTP")));
        assertTrue(identities.realm().users().get(user.getId()).roles().realmLevel().listEffective().stream()
                .anyMatch(r -> r.getName().equals(Roles.CONTACT)));
        assertTrue(identities.realm().organizations().get(org).members().list(0, 100).stream()
                .anyMatch(m -> m.getId().equals(user.getId())));
    }

    @Test
    void officerMailboxIsRefused() {
        UUID agency = ContactTestData.agency();
        TestUser officer = identities.userWithEmail(email(), Roles.OFFICER);
        register(operator(), agency, emailContact(officer.email().toUpperCase())).statusCode(400)
                .body("type", equalTo(ProblemType.INVALID_REQUEST.uri()))
                .body("errors.field", hasItem("channel.email"));
        assertEquals(0L, contactCount(agency));
    }

    @Test
    void revokedOfficersMailboxIsRefusedEvenWithNoKeycloakAccountLeft() {
        // The mailbox of an officer we enrolled stays an officer's mailbox after revocation, and
        // after the Keycloak account is gone: a thief holding it must never become a contact.
        UUID agency = ContactTestData.agency();
        String mailbox = email();
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            org.agencyverify.officer.Officer officer = new org.agencyverify.officer.Officer();
            officer.id = UUID.randomUUID();
            officer.agencyId = agency;
            officer.email = mailbox;
            officer.name = "Former Officer";
            officer.badgeNumber = "B-" + officer.id.toString().substring(0, 8);
            officer.keycloakUserId = UUID.randomUUID().toString();
            officer.status = org.agencyverify.officer.OfficerStatus.REVOKED;
            officer.createdAt = java.time.Instant.now();
            officer.updatedAt = officer.createdAt;
            officer.persist();
        });
        register(operator(), agency, emailContact(mailbox)).statusCode(400)
                .body("type", equalTo(ProblemType.INVALID_REQUEST.uri()))
                .body("errors.field", hasItem("channel.email"));
        assertEquals(0L, contactCount(agency));
    }

    @Test
    void emailTakenInKeycloakIsAConflictAndLeavesTheOtherAccountAlone() {
        UUID agency = ContactTestData.agency();
        TestUser someone = identities.userWithEmail(email());
        register(operator(), agency, emailContact(someone.email())).statusCode(409)
                .body("type", equalTo(ProblemType.CONFLICT.uri()))
                .body("errors.field", hasItem("channel.email"));
        assertEquals(0L, contactCount(agency));
        assertTrue(identities.realm().users().get(someone.id()).toRepresentation().isEnabled());
    }

    @Test
    void keycloakFailingMidwayLeavesNoUserAndNoRow() {
        // The agency points at an organization that was deleted behind the service's back: the user is
        // created, then joining the organization fails.
        String org = ContactTestData.organization(identities);
        identities.realm().organizations().get(org).delete().close();
        UUID agency = ContactTestData.agency(org);
        String email = email();
        register(operator(), agency, emailContact(email)).statusCode(409)
                .body("type", equalTo(ProblemType.CONFLICT.uri()));
        assertEquals(0L, contactCount(agency));
        assertTrue(identities.realm().users().searchByEmail(email, true).isEmpty(), "Keycloak user left behind");
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM audit_event WHERE action = 'contact.change-proposed' AND details::text LIKE ?1")
                .setParameter(1, "%" + email + "%").getSingleResult()).longValue()));
    }

    @Test
    void duplicateChannelInTheSameAgencyIsAConflict() {
        UUID agency = ContactTestData.agency();
        String bearer = operator();
        String url = hookUrl();
        register(bearer, agency, webhookContact(url)).statusCode(202);
        register(bearer, agency, webhookContact(url)).statusCode(409).body("errors.field", hasItem("channel.url"));
        String email = email();
        registered(bearer, agency, emailContact(email));
        register(bearer, agency, emailContact(email)).statusCode(409).body("errors.field", hasItem("channel.email"));
        assertEquals(2L, contactCount(agency));
    }

    @Test
    void invalidFieldsAreNamed() {
        UUID agency = ContactTestData.agency();
        String bearer = operator();
        Map<String, String> badUrls = Map.of("http://10.1.2.3/hook", "private", "ftp://127.0.0.1/x", "scheme",
                "http://u:p@127.0.0.1/", "userinfo", "http://127.0.0.1/h#f", "fragment", "http://169.254.169.254/", "metadata");
        for (String url : badUrls.keySet()) {
            register(bearer, agency, webhookContact(url)).statusCode(400)
                    .body("type", equalTo(ProblemType.INVALID_REQUEST.uri()))
                    .body("errors.field", hasItem("channel.url"));
        }
        for (String key : new String[] {"not-base64!", Base64.getEncoder().encodeToString(new byte[31]),
                Base64.getEncoder().encodeToString(new byte[32])}) {
            register(bearer, agency, webhookContact(hookUrl(), key)).statusCode(400)
                    .body("errors.field", hasItem("channel.publicKey"));
        }
        for (String email : new String[] {"no-at-sign", "a@b", "two@@x.test", "a b@x.test", "x@-bad-.test"}) {
            register(bearer, agency, emailContact(email)).statusCode(400).body("errors.field", hasItem("channel.email"));
        }
        Map<String, Object> noLevel = new HashMap<>(emailContact(email()));
        noLevel.remove("level");
        register(bearer, agency, noLevel).statusCode(400).body("errors.field", hasItem("level"));
        register(bearer, agency, Map.of("name", "x", "role", "y", "level", "STANDARD", "channel", Map.of("url", hookUrl())))
                .statusCode(400).body("errors.field", hasItem("channel.type"));
        assertEquals(0L, contactCount(agency));
    }

    @Test
    void removedContactIsKeptAsRemovedAndItsAccountDisabled() {
        UUID agency = ContactTestData.agency();
        String bearer = operator();
        String email = email();
        String id = registered(bearer, agency, emailContact(email)).path("change.contact.id");
        String removal = given().header("Authorization", bearer).delete("/v1/agencies/" + agency + "/contacts/" + id).then()
                .statusCode(202).body("change.action", equalTo("REMOVE")).body("change.contact.status", equalTo("ACTIVE"))
                .extract().path("change.id");
        assertTrue(identities.realm().users().get(contact(id).keycloakUserId).toRepresentation().isEnabled(), "not before approval");
        operators.approve(agency, removal);
        assertEquals(AgencyContact.Status.REMOVED, contact(id).status);
        assertFalse(identities.realm().users().get(contact(id).keycloakUserId).toRepresentation().isEnabled());
        given().header("Authorization", bearer).delete("/v1/agencies/" + agency + "/contacts/" + id).then()
                .statusCode(409);
        audit(removal, "contact.change-applied");
    }

    @Test
    void agencyAdminReadsOwnContactsOnlyAndCannotChangeThem() {
        UUID agencyA = ContactTestData.agency();
        UUID agencyB = ContactTestData.agency();
        String operator = operator();
        String contactA = registered(operator, agencyA, webhookContact(hookUrl())).path("change.contact.id");
        String contactB = registered(operator, agencyB, webhookContact(hookUrl())).path("change.contact.id");
        TestUser admin = identities.user(Roles.AGENCY_ADMIN);
        ContactTestData.admin(agencyA, admin);

        given().header("Authorization", admin.bearer()).get("/v1/agencies/" + agencyA + "/contacts").then()
                .statusCode(200).body("items.id", hasItem(contactA)).body("items[0]", not(hasKey("webhookSecret")));
        given().header("Authorization", admin.bearer()).get("/v1/agencies/" + agencyA + "/contacts/" + contactA).then()
                .statusCode(200);
        given().header("Authorization", admin.bearer()).get("/v1/agencies/" + agencyB + "/contacts").then()
                .statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
        given().header("Authorization", admin.bearer()).get("/v1/agencies/" + agencyB + "/contacts/" + contactB).then()
                .statusCode(403);
        given().header("Authorization", admin.bearer()).get("/v1/agencies/" + UUID.randomUUID() + "/contacts").then()
                .statusCode(403);
        register(admin.bearer(), agencyA, webhookContact(hookUrl())).statusCode(403);
        given().header("Authorization", admin.bearer()).delete("/v1/agencies/" + agencyA + "/contacts/" + contactA).then()
                .statusCode(403);
        assertEquals(AgencyContact.Status.ACTIVE, contact(contactA).status);
        assertEquals(1L, contactCount(agencyA));
    }

    @Test
    void otherRolesAreForbiddenEverywhere() {
        UUID agency = ContactTestData.agency();
        String contactId = registered(operator(), agency, webhookContact(hookUrl())).path("change.contact.id");
        for (String role : new String[] {Roles.OFFICER, Roles.PORTAL, Roles.CONTACT}) {
            String bearer = identities.user(role).bearer();
            register(bearer, agency, webhookContact(hookUrl())).statusCode(403);
            given().header("Authorization", bearer).get("/v1/agencies/" + agency + "/contacts").then().statusCode(403);
            given().header("Authorization", bearer).get("/v1/agencies/" + agency + "/contacts/" + contactId).then().statusCode(403);
            given().header("Authorization", bearer).delete("/v1/agencies/" + agency + "/contacts/" + contactId).then().statusCode(403);
        }
        assertEquals(1L, contactCount(agency));
    }

    @Test
    void everyEndpointNeedsAToken() {
        UUID agency = ContactTestData.agency();
        UUID id = UUID.randomUUID();
        register("Bearer nope", agency, webhookContact(hookUrl())).statusCode(401)
                .body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        given().contentType(ContentType.JSON).body(webhookContact(hookUrl())).post("/v1/agencies/" + agency + "/contacts")
                .then().statusCode(401);
        given().get("/v1/agencies/" + agency + "/contacts").then().statusCode(401);
        given().get("/v1/agencies/" + agency + "/contacts/" + id).then().statusCode(401);
        given().delete("/v1/agencies/" + agency + "/contacts/" + id).then().statusCode(401);
    }

    @Test
    void unknownAgencyOrContactIsNotFound() {
        String bearer = operator();
        UUID unknown = UUID.randomUUID();
        register(bearer, unknown, webhookContact(hookUrl())).statusCode(404).body("type", equalTo(ProblemType.NOT_FOUND.uri()));
        given().header("Authorization", bearer).get("/v1/agencies/" + unknown + "/contacts").then().statusCode(404);
        UUID agencyA = ContactTestData.agency();
        UUID agencyB = ContactTestData.agency();
        String contactB = registered(bearer, agencyB, webhookContact(hookUrl())).path("change.contact.id");
        given().header("Authorization", bearer).get("/v1/agencies/" + agencyA + "/contacts/" + UUID.randomUUID()).then().statusCode(404);
        // A contact of another agency is not found under this one.
        given().header("Authorization", bearer).get("/v1/agencies/" + agencyA + "/contacts/" + contactB).then().statusCode(404);
        given().header("Authorization", bearer).delete("/v1/agencies/" + agencyA + "/contacts/" + contactB).then().statusCode(404);
        assertEquals(AgencyContact.Status.ACTIVE, contact(contactB).status);
    }

    private static AgencyContact contact(String id) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyContact.<AgencyContact>findById(UUID.fromString(id)));
    }

    private static long contactCount(UUID agencyId) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyContact.count("agencyId", agencyId));
    }

    private static AuditEvent audit(String subjectId, String action) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find("subjectId = ?1 and action = ?2",
                subjectId, action).firstResultOptional().orElseThrow(() -> new AssertionError("no " + action)));
    }
}
