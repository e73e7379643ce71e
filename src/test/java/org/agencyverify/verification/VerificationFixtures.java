package org.agencyverify.verification;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.portal.ClientCredentials;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;

/** Portals, ACTIVE officers with password + TOTP, agencies with contacts, request bodies: for verification tests. */
@ApplicationScoped
public class VerificationFixtures {

    private final TestIdentities identities;
    private final EnrolledAgencies agencies;
    private final AgencyFixtures agencyFixtures;
    private final OfficerFixtures officerFixtures;

    VerificationFixtures(TestIdentities identities, EnrolledAgencies agencies, AgencyFixtures agencyFixtures, OfficerFixtures officerFixtures) {
        this.identities = identities;
        this.agencies = agencies;
        this.agencyFixtures = agencyFixtures;
        this.officerFixtures = officerFixtures;
    }

    public record TestPortal(UUID id, String audience, String clientId, String secret, String name) {
        public String bearer() {
            return "Bearer " + ClientCredentials.token(clientId, secret);
        }
    }

    public record TestOfficer(UUID id, String email, String password, String totpSecret, String browserToken) {
        /** The next window's code: the current one was spent on setup and cannot be reused. */
        public String nextOtp() {
            return BrowserlessLogin.totp(totpSecret, Instant.now().getEpochSecond() + 30);
        }
    }

    public TestPortal portal() {
        String audience = "https://portal-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        String name = "Portal " + audience.substring(15, 23);
        var created = given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "audience", audience)).post("/v1/portals").then().statusCode(201).extract();
        return new TestPortal(UUID.fromString(created.path("portal.id")), audience, created.path("clientId"),
                created.path("clientSecret"), name);
    }

    public TestOfficer activeOfficer(TestAgency agency) {
        UUID id = OfficerFixtures.enrolled(agency);
        OfficerFixtures.Setup setup = officerFixtures.finishSetupWithTotp(id);
        given().header("Authorization", agency.admin().bearer())
                .post("/v1/agencies/" + agency.id() + "/officers/" + id + "/activate").then().statusCode(200);
        return new TestOfficer(id, OfficerFixtures.row(id).email, setup.password(), setup.totpSecret(), setup.accessToken());
    }

    public TestAgency agencyWithContacts() {
        TestAgency agency = agencies.active();
        agencyFixtures.addActiveContact(agency.id(), AgencyContact.Level.STANDARD);
        agencyFixtures.addActiveContact(agency.id(), AgencyContact.Level.SUPERVISOR);
        agencyFixtures.addContact(agency.id(), AgencyContact.Level.SUPERVISOR, AgencyContact.Status.PENDING);
        return agency;
    }

    public static Map<String, Object> body(String email, String domain, Map<String, ?> credentials, String purpose) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("domain", domain);
        body.put("credentials", credentials);
        body.put("purpose", purpose);
        body.put("caseReference", "CASE-" + UUID.randomUUID().toString().substring(0, 6));
        body.put("documentDigest", "a".repeat(64));
        return body;
    }

    /**
     * A PENDING_CONFIRMATION verification as the service stores it when it starts (not persisted yet),
     * for tests that need one in a state the API would not leave it in.
     */
    public static Verification pendingRow(TestAgency agency, TestOfficer officer, TestPortal portal, String caseReference,
            Instant now) {
        Verification v = new Verification();
        v.id = UUID.randomUUID();
        v.portalId = portal.id();
        v.audience = portal.audience();
        v.requesterEmail = officer.email();
        v.requesterDomain = agency.domain();
        v.agencyId = agency.id();
        v.officerId = officer.id();
        v.purpose = Purpose.SUBPOENA;
        v.caseReference = caseReference;
        v.credentialKind = CredentialKind.PASSWORD_OTP;
        v.bindingCode = "TEST-CODE";
        v.bindingMessage = "stored by a test: " + caseReference;
        v.state = VerificationState.PENDING_CONFIRMATION;
        v.expiresAt = now.plus(java.time.Duration.ofHours(1));
        v.createdAt = now;
        v.updatedAt = now;
        return v;
    }

    public static Map<String, String> password(String password, String otp) {
        return Map.of("type", "password", "password", password, "otp", otp);
    }

    public static Map<String, String> token(String token) {
        return Map.of("type", "token", "token", token);
    }

}
