package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.RawRedis;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Introspection serves hot tokens from this replica's memory; these are the attacks on that copy. A revocation
 * answered here is inactive here at once; one written by another replica (this test, with a Redis connection of
 * its own, writing and publishing as TokenIndex does) reaches this replica within milliseconds; and a
 * subscription that dies or stalls sends introspection back to Redis, where a revocation this replica never
 * heard of is seen. Index entries are written as issuance writes them, except in the end-to-end revocation.
 */
@QuarkusTest
class RevocationAcrossReplicasTest {

    @Inject
    VerificationFixtures fixtures;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    WebhookAgencies webhookAgencies;
    @Inject
    RevocationBus bus;
    @Inject
    io.vertx.redis.client.Redis vertxRedis;
    @Inject
    io.quarkus.redis.datasource.RedisDataSource blockingRedis;
    @Inject
    io.vertx.core.Vertx vertx;
    @Inject
    org.agencyverify.common.config.AgencyVerifyConfig config;
    @ConfigProperty(name = "agency-verify.redis.key-prefix")
    String prefix;
    @ConfigProperty(name = "quarkus.redis.hosts")
    String hosts;

    @BeforeEach
    void subscribed() {
        Eventually.within(Duration.ofSeconds(15), () -> assertTrue(bus.cache().healthy(), "revocation channel alive"));
    }

    @Test
    void aTokenRevokedByItsPortalIsInactiveAtOnceOnTheReplicaThatAnswered() {
        TestPortal portal = fixtures.portal();
        String token = issue(portal);
        introspect(portal, token).then().statusCode(200).body("active", equalTo(true));
        assertNotNull(bus.cache().get(TokenIndex.hash(token)), "served from memory from now on");

        given().header("Authorization", portal.bearer()).formParam("token", token).post("/v1/tokens/revoke").then().statusCode(200);
        // No waiting: the revoking replica applied its own revocation before it answered.
        introspect(portal, token).then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void aRevocationPublishedByAnotherReplicaIsSeenWithinMilliseconds() {
        TestPortal portal = fixtures.portal();
        String token = indexed(portal);
        String hash = TokenIndex.hash(token);
        cachedActive(portal, token);

        long took;
        try (RawRedis other = RawRedis.connect(hosts)) {
            other.send("SET", prefix + "tt-revoked:" + hash, "portal-request", "PX", "600000");
            long published = System.nanoTime();
            assertTrue(other.send("PUBLISH", prefix + "tt-revocations", "r test-replica:1 " + hash).startsWith(":"));
            while (bus.cache().get(hash) != null && System.nanoTime() - published < 5_000_000_000L) {
                Thread.onSpinWait();
            }
            took = System.nanoTime() - published;
        }
        System.out.printf("Revocation from another replica dropped here %.2f ms after its PUBLISH answered%n", took / 1e6);
        assertTrue(took < RevocationBus.LAPSE_MILLIS * 1_000_000, "seen within the bound: " + took / 1_000_000 + " ms");
        introspect(portal, token).then().statusCode(200).body("active", equalTo(false));
    }

    /**
     * Two replicas in this JVM (a second bus with its own subscription and copy): a revocation answers only once
     * the other has dropped its copy, and waits out the lapse for a replica that is heard but does not acknowledge.
     */
    @Test
    void aRevocationAnswersOnlyOnceEveryReplicaHeardDroppedItsCopy() {
        RevocationBus other = new RevocationBus(vertxRedis, blockingRedis, vertx, config);
        other.start(null);
        try {
            Eventually.within(Duration.ofSeconds(10), () -> assertTrue(other.cache().healthy(), "the other replica is alive"));
            Eventually.within(Duration.ofSeconds(5), () -> assertTrue(bus.peers().contains(other.replica()), "heard here"));
            String hash = TokenIndex.hash("two-replicas." + UUID.randomUUID());
            other.cache().put(hash, new IntrospectionCache.Cached("aud", 0, Long.MAX_VALUE, "{}", false), other.cache().epoch());
            assertNotNull(other.cache().get(hash));

            long started = System.nanoTime();
            bus.announce(java.util.List.of(hash));
            long took = System.nanoTime() - started;
            assertNull(other.cache().get(hash), "the other replica dropped it before the revocation answered");
            System.out.printf("Revocation acknowledged by the other replica: announce took %.2f ms%n", took / 1e6);
            assertTrue(took < RevocationBus.LAPSE_MILLIS * 1_000_000, "acknowledged, not waited out: " + took / 1_000_000 + " ms");

            // A replica heard on the channel that never acknowledges: the revocation waits until it must have lapsed.
            try (RawRedis silent = RawRedis.connect(hosts)) {
                silent.send("PUBLISH", prefix + "tt-revocations", "h silent-replica 0");
                Eventually.within(Duration.ofSeconds(5), () -> assertTrue(bus.peers().contains("silent-replica")));
                started = System.nanoTime();
                bus.announce(java.util.List.of(hash));
                took = (System.nanoTime() - started) / 1_000_000;
                silent.send("PUBLISH", prefix + "tt-revocations", "b silent-replica");
            }
            assertTrue(took >= RevocationBus.LAPSE_MILLIS - 20 && took < RevocationBus.LAPSE_MILLIS + 1_000, "waited " + took + " ms");
        } finally {
            other.stop(null);
        }
    }

    @Test
    void aKilledSubscriptionSendsIntrospectionToRedis() {
        TestPortal portal = fixtures.portal();
        String token = staleInMemory(portal);

        long id = bus.subscriberClientId();
        try (RawRedis other = RawRedis.connect(hosts)) {
            assertEquals(":1", other.send("CLIENT", "KILL", "ID", String.valueOf(id)));
        }
        Eventually.within(Duration.ofSeconds(2), () -> introspect(portal, token).then().statusCode(200).body("active", equalTo(false)));
        Eventually.within(Duration.ofSeconds(15), () -> assertTrue(bus.cache().healthy(), "subscribed again"));
        assertTrue(bus.subscriberClientId() != id, "a new subscription");
    }

    @Test
    void stalledHeartbeatsSendIntrospectionToRedisWithinTheLapse() {
        TestPortal portal = fixtures.portal();
        String token = staleInMemory(portal);

        long stalled = System.nanoTime();
        bus.pauseHeartbeats(true);
        try {
            Eventually.within(Duration.ofSeconds(3), () -> introspect(portal, token).then().statusCode(200).body("active", equalTo(false)));
            long after = (System.nanoTime() - stalled) / 1_000_000;
            assertTrue(after < RevocationBus.LAPSE_MILLIS + 1_000, "inactive " + after + " ms after the heartbeats stopped");
        } finally {
            bus.pauseHeartbeats(false);
        }
        Eventually.within(Duration.ofSeconds(5), () -> assertTrue(bus.cache().healthy(), "alive again"));
        introspect(portal, token).then().statusCode(200).body("active", equalTo(false));
    }

    /** A token string with an index entry as issuance writes it, for the portal's audience; never signed. */
    private String indexed(TestPortal portal) {
        String token = "replica-test." + UUID.randomUUID();
        long now = System.currentTimeMillis() / 1000;
        String entry = "{\"aud\":\"" + portal.audience() + "\",\"nbf\":" + (now - 5) + ",\"exp\":" + (now + 600) + ",\"jti\":\""
                + UUID.randomUUID() + "\"}";
        try (RawRedis other = RawRedis.connect(hosts)) {
            assertEquals("+OK", other.send("SET", prefix + "tt:" + TokenIndex.hash(token), entry, "PX", "600000"));
        }
        return token;
    }

    private void cachedActive(TestPortal portal, String token) {
        // The index may be rebuilding right after start (503): wait for it.
        Eventually.within(Duration.ofSeconds(15), () -> introspect(portal, token).then().statusCode(200).body("active", equalTo(true)));
        introspect(portal, token).then().statusCode(200).body("active", equalTo(true));
        assertNotNull(bus.cache().get(TokenIndex.hash(token)), "kept in memory");
    }

    /**
     * A token this replica keeps in memory as active, revoked in Redis without a word on the channel (a message
     * lost): the replica still answers from memory, the case the fail-closed fallback exists for.
     */
    private String staleInMemory(TestPortal portal) {
        String token = indexed(portal);
        cachedActive(portal, token);
        try (RawRedis other = RawRedis.connect(hosts)) {
            assertEquals("+OK", other.send("SET", prefix + "tt-revoked:" + TokenIndex.hash(token), "test", "PX", "600000"));
        }
        introspect(portal, token).then().statusCode(200).body("active", equalTo(true));
        return token;
    }

    private String issue(TestPortal portal) {
        WebhookReceiver contacts = new WebhookReceiver();
        try {
            TestAgency agency = agencies.active();
            WebhookAgencies.Contact contact = webhookAgencies.hmacContact(agency, contacts);
            TestOfficer officer = fixtures.activeOfficer(agency);
            UUID id = WebhookAgencies.start(agency, portal, officer, "SUBPOENA");
            WebhookAgencies.approve(contact, WebhookAgencies.awaitRequest(contacts, contact));
            return given().header("Authorization", portal.bearer()).get("/v1/verifications/" + id).then().statusCode(200)
                    .body("state", equalTo("TOKEN_ISSUED")).extract().path("trustToken");
        } finally {
            contacts.close();
        }
    }

    private static Response introspect(TestPortal portal, String token) {
        return given().header("Authorization", portal.bearer()).formParam("token", token).post("/v1/tokens/introspect");
    }
}
