package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.agencyverify.common.crypto.RandomSecrets;
import org.agencyverify.common.crypto.SecretBox;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The issue-13 failure at run time: an approved verification whose signing key (or kept token) was sealed
 * under another key-encryption key. The poll answers a 503 problem with its own type, not a 500, issues
 * nothing, and the verification gets its token once the value opens again.
 */
@QuarkusTest
class UnreadableSecretTest {

    private static final String TYPE = "urn:agency-verify:problem:stored-secret-unreadable";
    private static final SecretBox OTHER_KEY = new SecretBox(RandomSecrets.bytes(32));

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

    @Test
    void aSigningKeyThatDoesNotOpenAnswers503AndIssuesNothing() {
        TestAgency agency = agencies.active();
        WebhookAgencies.Contact contact = webhookAgencies.hmacContact(agency, receiver);
        TestPortal portal = fixtures.portal();
        UUID id = WebhookAgencies.start(agency, portal, fixtures.activeOfficer(agency), "SUBPOENA");
        WebhookAgencies.approve(contact, WebhookAgencies.awaitRequest(receiver, contact));
        given().get("/.well-known/jwks.json").then().statusCode(200);

        String kid = QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>find("status", SigningKey.Status.ACTIVE)
                .singleResult().kid);
        Supplier<SigningKey> key = () -> SigningKey.findById(kid);
        String sealed = replace(key, k -> k.privateKeySealed, (k, v) -> k.privateKeySealed = v,
                OTHER_KEY.seal("not this key", SigningKeyMaterial.context(kid)));
        try {
            poll(portal, id).statusCode(503).contentType("application/problem+json").body("type", equalTo(TYPE))
                    .body("status", equalTo(503));
            assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> TrustToken.count("verificationId", id)));
        } finally {
            replace(key, k -> k.privateKeySealed, (k, v) -> k.privateKeySealed = v, sealed);
        }
        Eventually.sleep(5100);
        poll(portal, id).statusCode(200).body("state", equalTo("TOKEN_ISSUED"));

        // The kept token, sealed under another key: collecting it again is the same 503.
        UUID jti = QuarkusTransaction.requiringNew().call(() -> TrustToken.<TrustToken>find("verificationId", id).singleResult().jti);
        Supplier<TrustToken> kept = () -> TrustToken.findById(jti);
        String token = replace(kept, t -> t.tokenSealed, (t, v) -> t.tokenSealed = v, OTHER_KEY.seal("not this key", TokenIssuer.context(jti)));
        try {
            Eventually.sleep(5100);
            poll(portal, id).statusCode(503).body("type", equalTo(TYPE));
        } finally {
            replace(kept, t -> t.tokenSealed, (t, v) -> t.tokenSealed = v, token);
        }
    }

    private static io.restassured.response.ValidatableResponse poll(TestPortal portal, UUID id) {
        return given().header("Authorization", portal.bearer()).get("/v1/verifications/" + id).then();
    }

    /** Sets a row's sealed text, in a transaction of its own; answers the text it had. */
    private static <T> String replace(Supplier<T> row, Function<T, String> sealed, BiConsumer<T, String> set, String value) {
        return QuarkusTransaction.requiringNew().call(() -> {
            T found = row.get();
            String before = sealed.apply(found);
            set.accept(found, value);
            return before;
        });
    }
}
