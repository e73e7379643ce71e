package org.agencyverify.federation;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.federation.AgencyIdpRealm.Upstream;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;

/**
 * An officer of an agency that signs in at home: the agency's IdP ({@link AgencyIdpRealm}) linked
 * through the service's API (one operator's change, approved by a second) with the acr values the agency accepts, the officer enrolled after the
 * link (no local credentials), signed in once through the IdP and activated by the agency's admin.
 */
public final class FederatedOfficer implements AutoCloseable {

    public final String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
    public final AgencyIdpRealm idp;
    public final UUID id;
    public final String email;
    /** The token of the first sign-in, the one that linked the officer's account. */
    public final String firstToken;
    private final String issuer;

    public FederatedOfficer(TestIdentities identities, String keycloakUrl, String issuer, TestAgency agency, Upstream upstream,
            String... acceptedAcr) {
        this.issuer = issuer;
        this.email = agency.email("fed-" + UUID.randomUUID().toString().substring(0, 8));
        this.idp = new AgencyIdpRealm(keycloakUrl, alias, email, upstream);
        try {
            new OperatorChanges(identities).linkIdentityProvider(agency.id(), idp.linkRequest(alias, acceptedAcr));
            this.id = UUID.fromString(given().header("Authorization", agency.admin().bearer()).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "name", "Dana Federated", "badgeNumber", "F-" + UUID.randomUUID()))
                    .post("/v1/agencies/" + agency.id() + "/officers").then().statusCode(201).extract().path("id"));
            this.firstToken = signIn(TestIdentities.CLIENT);
            given().header("Authorization", agency.admin().bearer())
                    .post("/v1/agencies/" + agency.id() + "/officers/" + id + "/activate").then().statusCode(200);
        } catch (RuntimeException | AssertionError e) {
            idp.close();
            throw e;
        }
    }

    /** A new sign-in (a browser of its own) through the agency's IdP for this client; answers our realm's access token. */
    public String signIn(String clientId) {
        return signIn(new BrowserlessLogin(issuer, clientId), Map.of());
    }

    /**
     * A sign-in in {@code login}'s browser with these extra authorization parameters (prompt,
     * max_age...): through the agency's IdP's login form when it shows one, silently when its own
     * session answers.
     */
    public String signIn(BrowserlessLogin login, Map<String, String> parameters) {
        Map<String, String> query = new HashMap<>(parameters);
        query.put("kc_idp_hint", alias);
        BrowserlessLogin.Page page = login.authorize("openid", query);
        if (!page.uri().toString().startsWith(BrowserlessLogin.REDIRECT_URI)) {
            if (!page.uri().toString().startsWith(idp.issuer())) {
                throw new IllegalStateException("not sent to the agency's IdP: " + page.uri() + " " + BrowserlessLogin.inputs(page));
            }
            page = login.submit(page, "kc-form-login", Map.of("username", "officer", "password", idp.userPassword));
        }
        if (!page.uri().toString().startsWith(BrowserlessLogin.REDIRECT_URI)) {
            throw new IllegalStateException("no code after the IdP sign-in: " + page.uri() + " " + BrowserlessLogin.inputs(page));
        }
        return login.tokens().path("access_token").asText();
    }

    @Override
    public void close() {
        idp.close();
    }
}
