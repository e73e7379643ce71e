package org.agencyverify.common.net;

import static io.restassured.RestAssured.given;
import static org.agencyverify.common.net.OutboundTestServers.ALLOWED;
import static org.agencyverify.common.net.OutboundTestServers.FORBIDDEN;
import static org.agencyverify.common.net.OutboundTestServers.TLS_HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.Outbox;
import org.agencyverify.common.security.Roles;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactWebhooks;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.Ports;
import org.agencyverify.support.ScriptedDns;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.token.SecurityEvent;
import org.agencyverify.token.SecurityEvents;
import org.agencyverify.verification.VerificationFixtures;
import org.junit.jupiter.api.Test;
import org.agencyverify.support.TestLog;

/**
 * Outbound calls to registered URLs connect to the address that was checked (DNS rebinding), never follow a
 * redirect, and keep the URL's host for TLS. The service resolves with a scripted DNS server; 127.0.0.2 is
 * the allowed address and 127.0.0.1 the forbidden one, each with a real receiver on the same port.
 */
@QuarkusTest
@TestProfile(OutboundRebindingTest.Scripted.class)
class OutboundRebindingTest {

    public static class Scripted implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OutboundTestServers.class));
        }
    }

    @Inject
    ContactWebhooks webhooks;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures verifications;
    @Inject
    TestIdentities identities;
    @Inject
    Outbox outbox;
    @Inject
    WebhookAgencies webhookAgencies;

    /** A receiver at the allowed address and one at the forbidden address, on the same port. */
    private record Receivers(WebhookReceiver allowed, WebhookReceiver forbidden, int port) implements AutoCloseable {
        static Receivers open() {
            for (int attempt = 0; ; attempt++) {
                int port = Ports.free();
                WebhookReceiver allowed = null;
                try {
                    allowed = new WebhookReceiver(ALLOWED, port);
                    return new Receivers(allowed, new WebhookReceiver(FORBIDDEN, port), port);
                } catch (UncheckedIOException e) {
                    if (allowed != null) {
                        allowed.close();
                    }
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
        }

        @Override
        public void close() {
            allowed.close();
            forbidden.close();
        }
    }

    private static ScriptedDns dns() {
        return OutboundTestServers.dns();
    }

    private UUID webhookContact(TestAgency agency, String url) {
        return webhookAgencies.webhookContact(agency, url, "SUPERVISOR");
    }

    private static AgencyContact contact(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyContact.<AgencyContact>findById(id));
    }

    /** Waits until either receiver got something, then a little longer for anything else on its way. */
    private static void awaitDelivery(Receivers receivers) {
        Eventually.within(Duration.ofSeconds(20),
                () -> assertFalse(receivers.allowed().all().isEmpty() && receivers.forbidden().all().isEmpty(), "nothing delivered"));
        Eventually.sleep(1500);
    }

    /**
     * The name answers the service's resolver with the allowed address and anyone who asks again (here the
     * system's resolver, which has localhost in /etc/hosts) with the forbidden one: a second resolution
     * after the check is exactly what a rebinding attacker needs.
     */
    @Test
    void aConfirmationRequestGoesToTheCheckedAddressNotWhereASecondLookupLeads() {
        dns().always("localhost", ALLOWED);
        try (Receivers receivers = Receivers.open()) {
            TestAgency agency = agencies.active();
            webhookContact(agency, "http://localhost:" + receivers.port() + "/hooks/confirm");
            var officer = verifications.activeOfficer(agency);
            WebhookAgencies.start(agency, verifications.portal(), officer, "SUBPOENA");

            awaitDelivery(receivers);
            assertEquals(List.of(), receivers.forbidden().all(), "the forbidden address got the confirmation request");
            List<WebhookReceiver.Received> got = receivers.allowed().received("/hooks/confirm");
            assertEquals(1, got.size());
            assertEquals("localhost:" + receivers.port(), got.get(0).headers().get("host"), "the Host header names the URL's host");
        }
    }

    @Test
    void aNameThatRebindsAfterTheCheckIsResolvedOncePerDeliveryAndNeverFollowed() throws Exception {
        String name = "rebind-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        // 1: the check at registration, 2: the first delivery, 3 and later: the forbidden address.
        dns().script(name, ScriptedDns.sequence(List.of(ALLOWED, ALLOWED, FORBIDDEN)));
        try (Receivers receivers = Receivers.open()) {
            UUID id = webhookContact(agencies.active(), "http://" + name + ":" + receivers.port() + "/hooks/rebind");
            assertEquals(1, dns().aQueries(name));

            webhooks.post(contact(id), "test_" + UUID.randomUUID(), Map.of("n", 1));
            assertEquals(1, receivers.allowed().received("/hooks/rebind").size(), "delivered to the checked address");
            assertEquals(2, dns().aQueries(name), "one lookup for the delivery, none after the check");

            DeliveryFailed refused = assertThrows(DeliveryFailed.class,
                    () -> webhooks.post(contact(id), "test_" + UUID.randomUUID(), Map.of("n", 2)));
            assertEquals("webhook: url no longer safe", refused.getMessage());
            assertEquals(1, receivers.allowed().received("/hooks/rebind").size());
            assertEquals(List.of(), receivers.forbidden().all(), "the forbidden address never got a request");
        }
    }

    /**
     * The service reads a receiver's status and closes the connection without reading the body (it may be
     * endless). Vert.x reports a body cut short as an error of its own unless someone handles it: one ERROR
     * line per delivery in the log, which reads like a failure to anyone watching it.
     */
    @Test
    void anUnreadBodyLeavesNoErrorInTheLog() throws Exception {
        String name = "endless-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        dns().always(name, ALLOWED);
        Path log = TestLog.file();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName(ALLOWED))) {
            Thread answer = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    socket.getInputStream().read(); // the body never ends; wait for the service to hang up
                } catch (IOException ignored) {
                    // the service closed the connection
                }
            }, "endless-body");
            answer.start();
            UUID id = webhookContact(agencies.active(), "http://" + name + ":" + server.getLocalPort() + "/hooks/endless");
            long before = Files.size(log);

            webhooks.post(contact(id), "test_" + UUID.randomUUID(), Map.of("n", 1));
            answer.join(10_000);
            Eventually.sleep(500);
            String written = Files.readString(log).substring((int) before);
            assertFalse(written.contains("Connection was closed"), written);
        }
    }

    @Test
    void aRedirectIsAFailedDeliveryAndItsTargetGetsNothing() throws Exception {
        String name = "redirect-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        dns().always(name, ALLOWED);
        try (Receivers receivers = Receivers.open()) {
            receivers.allowed().redirectTo("http://" + FORBIDDEN + ":" + receivers.port() + "/internal");
            UUID id = webhookContact(agencies.active(), "http://" + name + ":" + receivers.port() + "/hooks/redirect");

            DeliveryFailed failed = assertThrows(DeliveryFailed.class,
                    () -> webhooks.post(contact(id), "test_" + UUID.randomUUID(), Map.of("n", 1)));
            assertEquals("webhook: HTTP 302", failed.getMessage());
            assertEquals(1, receivers.allowed().received("/hooks/redirect").size());
            Eventually.sleep(500);
            assertEquals(List.of(), receivers.forbidden().all(), "the redirect target got nothing");
        }
    }

    @Test
    void httpsKeepsTheUrlsHostForSniAndCertificateVerification() throws Exception {
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8) + ".tls.test";
        dns().always(TLS_HOST, ALLOWED);
        dns().always(other, ALLOWED);
        int port = Ports.free();
        try (WebhookReceiver tls = WebhookReceiver.https(ALLOWED, port, OutboundTestServers.keyStore(), OutboundTestServers.PASSWORD)) {
            // An agency each: a contact registered where another is ACTIVE sends that one a change notice.
            UUID named = webhookContact(agencies.active(), "https://" + TLS_HOST + ":" + port + "/hooks/tls");
            UUID unnamed = webhookContact(agencies.active(), "https://" + other + ":" + port + "/hooks/other");
            UUID literal = webhookContact(agencies.active(), "https://" + ALLOWED + ":" + port + "/hooks/literal");

            webhooks.post(contact(named), "test_" + UUID.randomUUID(), Map.of("n", 1));
            List<WebhookReceiver.Received> got = tls.received("/hooks/tls");
            assertEquals(1, got.size());
            assertEquals(TLS_HOST, got.get(0).serverName(), "SNI names the URL's host, not the address");
            assertEquals(TLS_HOST + ":" + port, got.get(0).headers().get("host"));

            // The certificate names TLS_HOST only: a name it does not hold, or the bare address, fails verification.
            DeliveryFailed wrongName = assertThrows(DeliveryFailed.class,
                    () -> webhooks.post(contact(unnamed), "test_" + UUID.randomUUID(), Map.of("n", 2)));
            DeliveryFailed bareAddress = assertThrows(DeliveryFailed.class,
                    () -> webhooks.post(contact(literal), "test_" + UUID.randomUUID(), Map.of("n", 3)));
            assertEquals("webhook: SSLHandshakeException", wrongName.getMessage());
            assertEquals("webhook: SSLHandshakeException", bareAddress.getMessage());
            assertTrue(tls.received("/hooks/other").isEmpty() && tls.received("/hooks/literal").isEmpty(), "nothing sent unverified");
        }
    }

    @Test
    void aPortalsSecurityEventGoesToTheCheckedAddressNotWhereASecondLookupLeads() {
        dns().always("localhost", ALLOWED);
        try (Receivers receivers = Receivers.open()) {
            String audience = "https://portal-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
            String portalId = given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).contentType(ContentType.JSON)
                    .body(Map.of("name", "Events portal", "audience", audience,
                            "eventEndpoint", "http://localhost:" + receivers.port() + "/events"))
                    .post("/v1/portals").then().statusCode(201).extract().path("portal.id");
            QuarkusTransaction.requiringNew().run(() -> {
                SecurityEvent event = new SecurityEvent();
                event.id = UUID.randomUUID();
                event.portalId = UUID.fromString(portalId);
                event.eventType = SecurityEvent.SESSION_REVOKED;
                event.subject = "{\"format\":\"opaque\",\"id\":\"" + UUID.randomUUID() + "\"}";
                event.reason = "portal-request";
                event.occurredAt = Instant.now();
                event.createdAt = event.occurredAt;
                event.persist();
                outbox.enqueue(SecurityEvents.KIND, event.id);
            });

            awaitDelivery(receivers);
            assertEquals(List.of(), receivers.forbidden().all(), "the forbidden address got the security event");
            List<WebhookReceiver.Received> got = receivers.allowed().received("/events");
            assertEquals(1, got.size());
            assertEquals("application/secevent+jwt", got.get(0).headers().get("content-type"));
        }
    }
}
