package org.agencyverify.verification;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agencyverify.support.Eventually;
import org.agencyverify.verification.VerificationFixtures.TestPortal;

/**
 * A portal's CIBA calls in poll mode (README "A request arrived by email (CIBA)"), authenticated as the
 * portal's own Keycloak client: {@code client_secret_basic} unless told otherwise. Answers the raw
 * responses; the tests assert.
 */
public final class CibaClient {

    static final String GRANT = "urn:openid:params:grant-type:ciba";
    static final String AUTHENTICATION = "/v1/ciba/authentication";
    static final String TOKEN = "/v1/ciba/token";

    /** How the portal authenticates (RFC 6749 2.3.1). */
    enum ClientAuth { BASIC, POST }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestPortal portal;

    public CibaClient(TestPortal portal) {
        this.portal = portal;
    }

    /** A valid authentication request for this sender: {@code scope}, {@code login_hint}, {@code authorization_details}. */
    public static Map<String, String> request(String loginHint, String authorizationDetails) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("scope", "openid");
        form.put("login_hint", loginHint);
        form.put("authorization_details", authorizationDetails);
        return form;
    }

    /** RFC 9396 {@code authorization_details}: an array with the one law_enforcement_request (digest left out when null). */
    public static String details(String purpose, String caseReference, String digestHex) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", "law_enforcement_request");
        detail.put("purpose", purpose);
        detail.put("case_reference", caseReference);
        if (digestHex != null) {
            detail.put("document_digest", Map.of("alg", "sha-256", "value", digestHex));
        }
        return json(List.of(detail));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Response authenticate(Map<String, String> form) {
        return authenticate(form, ClientAuth.BASIC, portal.secret());
    }

    /** As if forwarded by a trusted proxy for {@code callerIp} (for rate-limit tests whose profile trusts the loopback). */
    public Response authenticateFrom(String callerIp, Map<String, String> form) {
        return client(ClientAuth.BASIC, portal.secret()).header("X-Forwarded-For", callerIp).formParams(form).post(AUTHENTICATION);
    }

    Response authenticate(Map<String, String> form, ClientAuth auth, String secret) {
        return client(auth, secret).formParams(form).post(AUTHENTICATION);
    }

    /** One poll of the token endpoint for this auth_req_id. */
    Response token(String authReqId) {
        return token(Map.of("grant_type", GRANT, "auth_req_id", authReqId), ClientAuth.BASIC, portal.secret());
    }

    Response token(Map<String, String> form, ClientAuth auth, String secret) {
        return client(auth, secret).formParams(form).post(TOKEN);
    }

    /** Polls once the poll interval has passed since the caller's previous call (CIBA 7.3: no sooner). */
    Response pollAfter(int intervalSeconds, String authReqId) {
        Eventually.sleep(intervalSeconds * 1000L + 300);
        return token(authReqId);
    }

    private RequestSpecification client(ClientAuth auth, String secret) {
        RequestSpecification request = given().contentType("application/x-www-form-urlencoded");
        if (auth == ClientAuth.POST) {
            return request.formParam("client_id", portal.clientId()).formParam("client_secret", secret);
        }
        String pair = formEncode(portal.clientId()) + ":" + formEncode(secret);
        return request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
