package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.portalcheck.EmailedRequestCheck;
import com.example.portalcheck.EmailedRequestCheck.Checked;
import com.example.portalcheck.EmailedRequestCheck.Confirmation;
import com.example.portalcheck.EmailedRequestCheck.Issued;
import com.example.portalcheck.EmailedRequestCheck.Outcome;
import com.example.portalcheck.EmailedRequestCheck.Refused;
import com.example.portalcheck.EmailedRequestCheck.Start;
import com.example.portalcheck.PortalCheck;
import com.example.portalcheck.StatusListCheck;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.ciba.CIBAError;
import com.nimbusds.oauth2.sdk.ciba.CIBARequestAcknowledgement;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.rar.AuthorizationDetail;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertEquals(Confirmation.OFFICER_AUTHENTICATED, EmailedRequestCheck.confirmation(claims), "acr " + claims.getStringClaim("acr"));
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
     * The example's offline revocation check: VALID from the status list, INVALID once the portal revoked the
     * token (after the list it keeps for its ttl); a list altered, expired, for another URI or of another type
     * is refused, each for its own reason.
     */
    @Test
    void theExampleReadsRevocationFromTheStatusListAndRefusesABadList() throws Exception {
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
        JWTClaimsSet claims = new PortalCheck(issuer, portal.audience()).verify(token);
        JWKSource<SecurityContext> published = JWKSourceBuilder.create(issuer.jwksUri().toURL()).retrying(true).build();
        // The list's URI is the service's public URL; the test service runs on a spare port.
        StatusListCheck.Fetcher here = uri -> given().header("Accept", StatusListCheck.MEDIA_TYPE).get(uri.getPath()).then()
                .statusCode(200).extract().asString();
        StatusListCheck kept = new StatusListCheck(issuer.issuer(), published, here);
        assertEquals(StatusListCheck.VALID, kept.status(claims));

        given().header("Authorization", portal.bearer()).formParam("token", token).post("/v1/tokens/revoke").then().statusCode(200);
        assertEquals(StatusListCheck.VALID, kept.status(claims), "the list kept for its ttl does not know yet: introspect for that");
        Eventually.within(Duration.ofSeconds(60), () -> {
            try {
                assertEquals(1, new StatusListCheck(issuer.issuer(), published, here).status(claims), "a fresh list: INVALID");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        // An altered list: the genuine one with its revocation cleared, signature kept.
        URI uri = URI.create((String) ((Map<?, ?>) claims.getJSONObjectClaim("status").get("status_list")).get("uri"));
        String genuine = here.get(uri);
        SignedJWT list = SignedJWT.parse(genuine);
        JWTClaimsSet cleared = new JWTClaimsSet.Builder(list.getJWTClaimsSet())
                .claim("status_list", Map.of("bits", 1, "lst", StatusListEncoding.lst(new byte[StatusIndexes.SIZE / 8]))).build();
        String altered = list.getParsedParts()[0] + "." + com.nimbusds.jose.util.Base64URL.encode(cleared.toString()) + "."
                + list.getParsedParts()[2];
        StatusListCheck check = new StatusListCheck(issuer.issuer(), published, here);
        assertEquals(uri, check.check(genuine, uri).uri(), "the control: the genuine list passes");
        assertThrows(BadJOSEException.class, () -> check.check(altered, uri));

        // Lists signed by a key the portal trusts (the stranger's), so each refusal is for its own reason.
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
        StatusListCheck trusting = new StatusListCheck(issuer.issuer(), new ImmutableJWKSet<SecurityContext>(new JWKSet(stranger)), here);
        JWTClaimsSet fresh = list.getJWTClaimsSet();
        JOSEObjectType statusList = StatusListCheck.TYPE;
        assertEquals(1, trusting.check(sign(stranger, statusList, fresh), uri).status(
                ((Number) ((Map<?, ?>) claims.getJSONObjectClaim("status").get("status_list")).get("idx")).intValue()),
                "the control: this key and these claims pass, and say revoked");
        JWTClaimsSet expired = new JWTClaimsSet.Builder(fresh).issueTime(new Date(System.currentTimeMillis() - 900_000))
                .expirationTime(new Date(System.currentTimeMillis() - 120_000)).build();
        assertTrue(assertThrows(BadJOSEException.class, () -> trusting.check(sign(stranger, statusList, expired), uri)).getMessage()
                .contains("Expired"));
        JWTClaimsSet otherList = new JWTClaimsSet.Builder(fresh).subject(uri + "0").build();
        assertThrows(BadJOSEException.class, () -> trusting.check(sign(stranger, statusList, otherList), uri));
        assertTrue(assertThrows(BadJOSEException.class, () -> trusting.check(sign(stranger, PortalCheck.TYPE, fresh), uri))
                .getMessage().contains("typ"));
        JWTClaimsSet noExp = new JWTClaimsSet.Builder(fresh).expirationTime(null).build();
        assertThrows(BadJOSEException.class, () -> trusting.check(sign(stranger, statusList, noExp), uri));
    }

    /**
     * An emailed request through the example's CIBA client (the Nimbus OAuth 2.0 SDK, unchanged): a sender
     * nobody enrolled, at the agency's proved domain; the agency's webhook contact confirms; the example
     * polls, gets the trust token, verifies it offline and reads that the agency confirmed the sender.
     */
    @Test
    void theExampleChecksAnEmailedRequestOverCiba(@TempDir Path dir) throws Exception {
        TestPortal portal = fixtures.portal();
        TestAgency agency = agencies.active();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String sender = "Records.Clerk-" + tag + "@" + agency.domain();
        Path emailed = Files.writeString(dir.resolve("subpoena.txt"), "SUBPOENA DUCES TECUM " + tag, StandardCharsets.UTF_8);
        AuthorizationDetail request = EmailedRequestCheck.lawEnforcementRequest("SUBPOENA", "CASE-" + tag,
                EmailedRequestCheck.sha256Hex(emailed));
        EmailedRequestCheck ciba = new EmailedRequestCheck(endpoints(), new ClientID(portal.clientId()), new Secret(portal.secret()));

        CIBARequestAcknowledgement ack;
        Outcome outcome;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookAgencies.Contact contact = webhookAgencies.hmacContact(agency, receiver);
            Start start = ciba.start(sender, request, "EMAIL-" + tag);
            assertTrue(start.acknowledged(), () -> "start refused: " + start.error().toJSONObject());
            ack = start.acknowledgement();
            assertEquals(43, ack.getAuthRequestID().getValue().length(), ack.getAuthRequestID().getValue());
            assertTrue(ack.getExpiresIn() > 0 && ack.getMinWaitInterval() != null && ack.getMinWaitInterval() > 0,
                    "expires_in " + ack.getExpiresIn() + ", interval " + ack.getMinWaitInterval());

            // The portal polls as a client would, while the agency's system is asked and answers.
            FutureTask<Outcome> polling = new FutureTask<>(() -> ciba.await(ack));
            Thread poller = new Thread(polling, "ciba-poller");
            poller.setDaemon(true);
            poller.start();
            WebhookAgencies.Request asked = WebhookAgencies.awaitRequest(receiver, contact);
            assertEquals("sender-confirmation", asked.data().path("kind").asText(), asked.body());
            assertEquals(sender.toLowerCase(Locale.ROOT), asked.data().path("sender").path("email").asText().toLowerCase(Locale.ROOT),
                    asked.body());
            WebhookAgencies.approve(contact, asked);
            outcome = polling.get(2, TimeUnit.MINUTES);
        }

        Issued issued = assertInstanceOf(Issued.class, outcome,
                () -> "refused: " + (outcome instanceof Refused r ? r.error().toJSONObject() : outcome));
        assertEquals("Bearer", issued.response().getTokens().getAccessToken().getType().getValue());
        List<AuthorizationDetail> answered = issued.response().getTokens().getAccessToken().getAuthorizationDetails();
        assertTrue(answered != null && answered.stream().anyMatch(d -> EmailedRequestCheck.LAW_ENFORCEMENT_REQUEST.equals(d.getType())
                && ("CASE-" + tag).equals(d.getStringField("case_reference"))), "token response authorization_details " + answered);

        PortalCheck mine = new PortalCheck(issuer(), portal.audience());
        Checked checked = EmailedRequestCheck.verify(mine, issued.trustToken(), sender, request);
        assertEquals(Confirmation.SENDER_CONFIRMED, checked.confirmation());
        JWTClaimsSet claims = checked.claims();
        assertEquals(EmailedRequestCheck.SENDER_CONFIRMED_ACR, claims.getStringClaim("acr"));
        assertEquals(sender.toLowerCase(Locale.ROOT), claims.getSubject());
        assertEquals(sender.toLowerCase(Locale.ROOT), claims.getStringClaim("email"));
        assertTrue(claims.getStringListClaim("amr").contains("oob"), "amr " + claims.getStringListClaim("amr"));
        assertEquals(agency.domain(), claims.getJSONObjectClaim("agency").get("domain"));
        Map<String, Object> introspection = mine.introspect(issued.trustToken(), portal.bearer().substring("Bearer ".length()));
        assertTrue(PortalCheck.active(introspection), introspection.toString());
        assertEquals(EmailedRequestCheck.SENDER_CONFIRMED_ACR, introspection.get("acr"));

        // Collectable once: the same auth_req_id again is invalid_grant, a final answer the poller stops on.
        Refused again = assertInstanceOf(Refused.class, ciba.await(ack));
        assertEquals(OAuth2Error.INVALID_GRANT, again.error());
    }

    /** A sender at a domain no ACTIVE agency proved: the library reads the service's unknown_user_id at once. */
    @Test
    void anEmailedRequestFromAnUnknownDomainIsUnknownUserId() throws Exception {
        TestPortal portal = fixtures.portal();
        EmailedRequestCheck ciba = new EmailedRequestCheck(endpoints(), new ClientID(portal.clientId()), new Secret(portal.secret()));
        String sender = "someone@u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".unproved.test";
        Start start = ciba.start(sender, EmailedRequestCheck.lawEnforcementRequest("SUBPOENA", "CASE-1", null), null);
        assertFalse(start.acknowledged());
        assertEquals(CIBAError.UNKNOWN_USER_ID, start.error(), start.error().toJSONObject().toString());
        assertEquals(400, start.error().getHTTPStatusCode());
    }

    /** The CIBA endpoints from the issuer metadata (the library's RFC 8414 parser), taken relative to where the test service runs. */
    private EmailedRequestCheck.Endpoints endpoints() throws Exception {
        URI root = base.toURI();
        EmailedRequestCheck.Endpoints published = EmailedRequestCheck.Endpoints.fetch(root.resolve("/.well-known/agency-verify-issuer"));
        return new EmailedRequestCheck.Endpoints(root.resolve(published.backchannelAuthenticationEndpoint().getPath()),
                root.resolve(published.tokenEndpoint().getPath()));
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
