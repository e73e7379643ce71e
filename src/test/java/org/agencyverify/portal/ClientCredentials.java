package org.agencyverify.portal;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;

/** A portal asking the real Keycloak for a client-credentials token, as a portal would. */
public final class ClientCredentials {

    private ClientCredentials() {}

    public static Response request(String clientId, String secret) {
        String issuer = ConfigProvider.getConfig().getValue("agency-verify.keycloak.url", String.class) + "/realms/"
                + ConfigProvider.getConfig().getValue("agency-verify.keycloak.realm", String.class);
        return given().baseUri(issuer).basePath("").port(-1)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post("/protocol/openid-connect/token");
    }

    public static String token(String clientId, String secret) {
        return request(clientId, secret).then().statusCode(200).extract().path("access_token");
    }
}
