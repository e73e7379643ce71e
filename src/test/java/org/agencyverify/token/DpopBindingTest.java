package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 9449 sender constraint: a DPoP proof at the start binds the trust token to the requester's key. */
@QuarkusTest
class DpopBindingTest {

    private static final String INVALID = "urn:agency-verify:problem:invalid-dpop-proof";

    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private static String url() {
        return RestAssured.baseURI + ":" + RestAssured.port + "/v1/verifications";
    }

    private static String proof(ECKey key, String htm, String htu, long iatSeconds, String jti) throws Exception {
        SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(),
                new JWTClaimsSet.Builder().jwtID(jti).claim("htm", htm).claim("htu", htu).issueTime(new Date(iatSeconds * 1000)).build());
        proof.sign(new ECDSASigner(key));
        return proof.serialize();
    }

    private static String fresh(ECKey key) throws Exception {
        return proof(key, "POST", url(), System.currentTimeMillis() / 1000, UUID.randomUUID().toString());
    }

    private static io.restassured.response.ValidatableResponse start(TestAgency agency, TestPortal portal, TestOfficer officer,
            String dpop) {
        var request = given().header("Authorization", portal.bearer()).contentType(ContentType.JSON)
                .body(VerificationFixtures.body(officer.email(), agency.domain(),
                        VerificationFixtures.password(officer.password(), officer.nextOtp()), "SUBPOENA"));
        if (dpop != null) {
            request.header("DPoP", dpop);
        }
        return request.post("/v1/verifications").then();
    }

    @Test
    void aProvedKeyIsBoundIntoTheTokenAndReportedByIntrospection() throws Exception {
        TestAgency agency = agencies.active();
        WebhookAgencies.Contact contact = webhookAgencies.hmacContact(agency, receiver);
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();

        UUID id = UUID.fromString(start(agency, portal, officer, fresh(key)).statusCode(202).extract().path("id"));
        WebhookAgencies.approve(contact, WebhookAgencies.awaitRequest(receiver, contact));
        String token = given().header("Authorization", portal.bearer()).get("/v1/verifications/" + id).then().statusCode(200)
                .extract().path("trustToken");

        String thumbprint = key.computeThumbprint("SHA-256").toString();
        assertEquals(Map.of("jkt", thumbprint), SignedJWT.parse(token).getJWTClaimsSet().getJSONObjectClaim("cnf"));
        given().header("Authorization", portal.bearer()).formParam("token", token).post("/v1/tokens/introspect").then()
                .statusCode(200).body("active", equalTo(true)).body("cnf.jkt", equalTo(thumbprint));
    }

    @Test
    void aProofThatIsNotForThisRequestStartsNothing() throws Exception {
        TestAgency agency = agencies.active();
        webhookAgencies.hmacContact(agency, receiver);
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        long now = System.currentTimeMillis() / 1000;
        String replayed = fresh(key);
        start(agency, portal, officer, replayed).statusCode(202);
        long before = count(portal);

        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("dpop+jwt")).build(),
                new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", "POST").claim("htu", url())
                        .issueTime(new Date(now * 1000)).build());
        hmac.sign(new MACSigner(new byte[32]));
        ECKey other = new ECKeyGenerator(Curve.P_256).generate();
        SignedJWT wrongKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(), new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", "POST").claim("htu", url()).issueTime(new Date(now * 1000)).build());
        wrongKey.sign(new ECDSASigner(other));
        // Nimbus will not put a private key in a header, so this one is assembled by hand.
        String privateHeader = com.nimbusds.jose.util.Base64URL.encode("{\"alg\":\"ES256\",\"typ\":\"dpop+jwt\",\"jwk\":"
                + key.toJSONString() + "}").toString();
        String privatePayload = com.nimbusds.jose.util.Base64URL.encode(new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", "POST").claim("htu", url()).issueTime(new Date(now * 1000)).build().toString()).toString();
        String privateJwk = privateHeader + "." + privatePayload + "." + new ECDSASigner(key).sign(
                new JWSHeader(JWSAlgorithm.ES256), (privateHeader + "." + privatePayload).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        SignedJWT wrongType = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .jwk(key.toPublicJWK()).build(), new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", "POST").claim("htu", url()).issueTime(new Date(now * 1000)).build());
        wrongType.sign(new ECDSASigner(key));

        for (String bad : new String[] {
                replayed,
                proof(key, "GET", url(), now, UUID.randomUUID().toString()),
                proof(key, "POST", "https://elsewhere.example/v1/verifications", now, UUID.randomUUID().toString()),
                proof(key, "POST", url(), now - 600, UUID.randomUUID().toString()),
                proof(key, "POST", url(), now + 600, UUID.randomUUID().toString()),
                hmac.serialize(), wrongKey.serialize(), privateJwk, wrongType.serialize(), "not-a-jwt"}) {
            start(agency, portal, officer, bad).statusCode(400).body("type", equalTo(INVALID))
                    .body("errors[0].field", equalTo("header.DPoP"));
        }
        assertEquals(before, count(portal), "no verification was stored for a bad proof");
    }

    private static long count(TestPortal portal) {
        return QuarkusTransaction.requiringNew().call(() -> Verification.count("portalId", portal.id()));
    }
}
