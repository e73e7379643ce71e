package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.portalcheck.PortalCheck;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.Date;
import java.util.UUID;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;

/**
 * The portal example (examples/portal-check, compiled into the test sources) against the real service:
 * what the README tells portals to run must accept our genuine tokens and refuse the rest.
 */
@QuarkusTest
class PortalCheckExampleTest {

    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;

    @TestHTTPResource("/")
    URL base;

    @Test
    void theExampleAcceptsAGenuineTokenOfflineAndOnlineAndRefusesTheRest() throws Exception {
        TestPortal portal = fixtures.portal();
        UUID id;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            TestAgency agency = agencies.active();
            WebhookAgencies.Contact contact = webhookAgencies.hmacContact(agency, receiver);
            id = WebhookAgencies.start(agency, portal, fixtures.activeOfficer(agency), "SUBPOENA");
            WebhookAgencies.approve(contact, WebhookAgencies.awaitRequest(receiver, contact));
        }
        String token = given().header("Authorization", portal.bearer()).get("/v1/verifications/" + id).then().statusCode(200)
                .body("state", equalTo("TOKEN_ISSUED")).extract().path("trustToken");

        PortalCheck.Issuer issuer = issuer();
        PortalCheck mine = new PortalCheck(issuer, portal.audience());
        JWTClaimsSet claims = mine.verify(token);
        assertEquals(id.toString(), claims.getStringClaim("verification_id"));
        String bearer = portal.bearer().substring("Bearer ".length());
        assertTrue(PortalCheck.active(mine.introspect(token, bearer)), "online: active for its own portal");

        // Another portal's check: the genuine token is not for its audience, offline or online.
        TestPortal other = fixtures.portal();
        BadJOSEException foreign = assertThrows(BadJOSEException.class, () -> new PortalCheck(issuer, other.audience()).verify(token));
        assertTrue(foreign.getMessage().contains("aud"), foreign.getMessage());
        assertFalse(PortalCheck.active(new PortalCheck(issuer, other.audience()).introspect(token,
                other.bearer().substring("Bearer ".length()))));

        // Tokens we cannot sign with the service's key: the published JWKS holds no key for them.
        SignedJWT genuine = SignedJWT.parse(token);
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(genuine.getHeader().getKeyID()).generate();
        JWTClaimsSet expiredClaims = new JWTClaimsSet.Builder(genuine.getJWTClaimsSet())
                .expirationTime(new Date(System.currentTimeMillis() - 120_000)).build();
        String expired = sign(stranger, PortalCheck.TYPE, expiredClaims);
        String wrongTyp = sign(stranger, JOSEObjectType.JWT, genuine.getJWTClaimsSet());
        for (String forged : new String[] {expired, wrongTyp}) {
            assertThrows(BadJOSEException.class, () -> mine.verify(forged));
            assertFalse(PortalCheck.active(mine.introspect(forged, bearer)));
        }

        // The same checks with the stranger's key trusted, so each refusal is for its own reason.
        PortalCheck trusting = new PortalCheck(issuer, portal.audience(), new ImmutableJWKSet<SecurityContext>(new JWKSet(stranger)));
        assertEquals(id.toString(), trusting.verify(sign(stranger, PortalCheck.TYPE, genuine.getJWTClaimsSet()))
                .getStringClaim("verification_id"), "the control: this key and these claims pass");
        assertTrue(assertThrows(BadJOSEException.class, () -> trusting.verify(expired)).getMessage().contains("Expired"));
        assertTrue(assertThrows(BadJOSEException.class, () -> trusting.verify(wrongTyp)).getMessage().contains("typ"));
        JWTClaimsSet withoutDetails = new JWTClaimsSet.Builder(genuine.getJWTClaimsSet()).claim("authorization_details", null).build();
        assertThrows(BadJOSEException.class, () -> trusting.verify(sign(stranger, PortalCheck.TYPE, withoutDetails)));
        JWTClaimsSet otherIssuer = new JWTClaimsSet.Builder(genuine.getJWTClaimsSet()).issuer("https://attacker.example").build();
        assertThrows(BadJOSEException.class, () -> trusting.verify(sign(stranger, PortalCheck.TYPE, otherIssuer)));
    }

    /**
     * The issuer metadata as the example reads it. The test service runs on a spare port while its
     * public URL stays the configured one, so the endpoints are taken relative to where it runs.
     */
    private PortalCheck.Issuer issuer() throws Exception {
        URI root = base.toURI();
        PortalCheck.Issuer published = PortalCheck.Issuer.fetch(root.resolve("/.well-known/agency-verify-issuer"));
        assertTrue(published.jwksUri().getPath().endsWith("/.well-known/jwks.json"), published.toString());
        return new PortalCheck.Issuer(published.issuer(), root.resolve(published.jwksUri().getPath()),
                root.resolve(published.introspectionEndpoint().getPath()));
    }

    private static String sign(ECKey key, JOSEObjectType type, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
