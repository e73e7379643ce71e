package org.agencyverify.federation;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.security.Roles;
import org.agencyverify.federation.AgencyIdpRealm.Upstream;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;

/**
 * A federated officer's phishing-resistant sign-in, for the EMERGENCY tier. The agency's IdP (a
 * second realm, {@link AgencyIdpRealm}) says of its sign-ins {@code acr} {@value #PHR} with
 * {@code amr} {@code ["hwk"]}, as an IdP whose officers sign in with hardware keys does; the service
 * links it with {@value #PHR} (and the agency's ordinary MFA acr {@value #MFA}) as acceptable, and the
 * officer signs in through the realm's own {@code agency-verify-cli}. What Keycloak's broker session
 * says ({@code acr} "1") plays no part: the service reads the agency's sign-in from {@code idp_acr},
 * {@code idp_amr} and {@code idp_auth_time}.
 */
public final class PhishingResistantFederation implements AutoCloseable {

    public static final String PHR = "phr";
    public static final String MFA = "urn:agency:mfa";

    public final String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
    private final String issuer;
    private final AgencyIdpRealm idp;

    /** Links a fresh agency IdP for {@code officerEmail} to the agency. */
    public PhishingResistantFederation(TestIdentities identities, String keycloakUrl, String issuer, TestAgency agency,
            String officerEmail) {
        this.issuer = issuer;
        this.idp = new AgencyIdpRealm(keycloakUrl, alias, officerEmail, Upstream.acr(PHR, "hwk"));
        try {
            new OperatorChanges(identities).linkIdentityProvider(agency.id(), idp.linkRequest(alias, PHR, MFA));
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    /** The federated officer the agency enrolled, and their phishing-resistant token. */
    public record FederatedOfficer(UUID id, String email, String token) {}

    /**
     * The agency's admin enrolls the officer of the agency's IdP (after the link: no local
     * credentials), the officer signs in through it (the first federated sign-in is what lets a
     * federated officer be activated), and the admin activates them.
     */
    public FederatedOfficer activeOfficer(TestAgency agency) {
        String id = given().header("Authorization", agency.admin().bearer()).contentType(ContentType.JSON)
                .body(Map.of("email", idp.email, "name", "Dana Federated", "badgeNumber", "E-" + UUID.randomUUID()))
                .post("/v1/agencies/" + agency.id() + "/officers").then().statusCode(201).extract().path("id");
        String token = signIn();
        given().header("Authorization", agency.admin().bearer())
                .post("/v1/agencies/" + agency.id() + "/officers/" + id + "/activate").then().statusCode(200);
        return new FederatedOfficer(UUID.fromString(id), idp.email, token);
    }

    /** The officer signs in at the agency's IdP (a new browser); answers the access token of our realm. */
    public String signIn() {
        BrowserlessLogin login = new BrowserlessLogin(issuer, TestIdentities.CLIENT);
        BrowserlessLogin.Page page = login.authorize("openid", Map.of("kc_idp_hint", alias));
        if (!page.uri().toString().startsWith(idp.issuer())) {
            throw new IllegalStateException("not sent to the agency's IdP: " + page.uri() + " " + BrowserlessLogin.inputs(page));
        }
        page = login.submit(page, "kc-form-login", Map.of("username", "officer", "password", idp.userPassword));
        if (login.code() == null) {
            throw new IllegalStateException("no code after the IdP sign-in: " + page.uri() + " " + BrowserlessLogin.inputs(page));
        }
        return login.tokens().path("access_token").asText();
    }

    /** A sign-in the same IdP says was its ordinary MFA (acr {@value #MFA}, amr pwd + otp): not phishing-resistant. */
    public String signInWithoutPhishingResistance() {
        idp.assertUpstream(Upstream.acr(MFA, "pwd", "otp"));
        try {
            return signIn();
        } finally {
            idp.assertUpstream(Upstream.acr(PHR, "hwk"));
        }
    }

    public static JsonNode claims(String token) {
        return BrowserlessLogin.claims(token);
    }

    @Override
    public void close() {
        idp.close();
    }
}
