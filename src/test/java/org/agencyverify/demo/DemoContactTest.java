package org.agencyverify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.agencyverify.contact.webhook.StandardWebhooks;
import org.agencyverify.support.Ports;
import org.agencyverify.support.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * scripts/demo-contact.java as a newcomer runs it (a real {@code java scripts/demo-contact.java}
 * process): it answers only correctly signed, fresh confirmation requests, once per webhook-id, with a
 * decision signed as README "Confirmations (agency contacts)" says, posted to the request's respondTo
 * (here a small server of the test's own). Signatures are made and checked with the service's own
 * {@link StandardWebhooks}, so the program and the service agree on the format.
 */
class DemoContactTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Decision(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final BlockingQueue<Decision> decisions = new LinkedBlockingQueue<>();
    private HttpServer service;
    private ServerProcess receiver;
    private int receiverPort;
    private Path receiverLog;

    @BeforeEach
    void startTheServiceSide() throws IOException {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        service.createContext("/v1/confirmations/", exchange -> {
            try (exchange) {
                decisions.add(new Decision(Map.copyOf(exchange.getRequestHeaders()),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                byte[] answer = "{\"verificationState\":\"APPROVED\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        service.start();
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop();
        }
        service.stop(0);
    }

    @Test
    void hmacContactAnswersOnlyTheCorrectlySignedRequestWithASignedApproval() throws Exception {
        byte[] key = random(32);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        startReceiver(Map.of("DEMO_WEBHOOK_SECRET", secret));

        String wrongKey = request(UUID.randomUUID(), "bad-secret", now(), (content) -> StandardWebhooks.hmac(random(32),
                content.id(), content.timestamp(), content.body()));
        assertEquals(401, deliver(wrongKey));
        String stale = request(UUID.randomUUID(), "stale", now() - 600,
                content -> StandardWebhooks.hmac(key, content.id(), content.timestamp(), content.body()));
        assertEquals(401, deliver(stale), "a correctly signed but stale request is a replay");
        assertNull(decisions.poll(2, TimeUnit.SECONDS), "no decision for a request that does not verify");

        UUID confirmationId = UUID.randomUUID();
        String oneTimeSecret = "one-time-" + UUID.randomUUID();
        String good = request(confirmationId, oneTimeSecret, now(),
                content -> StandardWebhooks.hmac(key, content.id(), content.timestamp(), content.body()));
        assertEquals(202, deliver(good));
        Decision decision = decisions.poll(30, TimeUnit.SECONDS);
        assertNotNull(decision, "the receiver answered to respondTo; its output:\n" + Files.readString(receiverLog));
        assertSigned(decision, confirmationId, oneTimeSecret,
                (id, ts) -> StandardWebhooks.verifyHmac(key, id, ts, decision.body(), decision.header("webhook-signature")));
        assertTrue(decision.header("webhook-signature").startsWith("v1,"));

        // The service retries under the same webhook-id: the receiver does not decide twice.
        assertEquals(202, deliver(good));
        assertNull(decisions.poll(2, TimeUnit.SECONDS), "one decision per webhook-id");
        String output = Files.readString(receiverLog);
        assertTrue(output.contains("Jane Doe (Springfield Police Department) asks Example Exchange"), output);
        assertTrue(!output.contains(oneTimeSecret) && !output.contains(secret), "no secret printed");
    }

    @Test
    void ed25519ContactChecksTheServiceKeyAndSignsWithTheAgencyKey() throws Exception {
        KeyPair serviceKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair agencyKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = serviceKeys.getPublic().getEncoded();
        startReceiver(Map.of(
                "DEMO_SERVICE_PUBLIC_KEY", Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length)),
                "DEMO_AGENCY_PRIVATE_KEY", Base64.getEncoder().encodeToString(agencyKeys.getPrivate().getEncoded())));

        KeyPair impostor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertEquals(401, deliver(request(UUID.randomUUID(), "bad", now(),
                content -> StandardWebhooks.ed25519(impostor.getPrivate(), content.id(), content.timestamp(), content.body()))));
        assertNull(decisions.poll(2, TimeUnit.SECONDS));

        UUID confirmationId = UUID.randomUUID();
        assertEquals(202, deliver(request(confirmationId, "one-time-ed", now(),
                content -> StandardWebhooks.ed25519(serviceKeys.getPrivate(), content.id(), content.timestamp(), content.body()))));
        Decision decision = decisions.poll(30, TimeUnit.SECONDS);
        assertNotNull(decision, "the receiver answered; its output:\n" + Files.readString(receiverLog));
        assertSigned(decision, confirmationId, "one-time-ed", (id, ts) -> StandardWebhooks.verifyEd25519(agencyKeys.getPublic(),
                id, ts, decision.body(), decision.header("webhook-signature")));
        assertTrue(decision.header("webhook-signature").startsWith("v1a,"));
    }

    /** Started in the background (no terminal, input closed): nobody can answer, so it must not accept a request it will never answer. */
    @Test
    void withoutATerminalNorAutoApproveItRefusesTheDeliverySoTheServiceTriesAgain() throws Exception {
        byte[] key = random(32);
        startReceiver(Map.of("DEMO_WEBHOOK_SECRET", "whsec_" + Base64.getEncoder().encodeToString(key)), false);
        String good = request(UUID.randomUUID(), "one-time-" + UUID.randomUUID(), now(),
                content -> StandardWebhooks.hmac(key, content.id(), content.timestamp(), content.body()));
        assertEquals(503, deliver(good), "a 5xx keeps the confirmation request in the service's outbox");
        assertEquals(503, deliver(good), "and so does its retry");
        assertNull(decisions.poll(2, TimeUnit.SECONDS), "no decision made for a person");
        String output = Files.readString(receiverLog);
        assertTrue(output.contains("no terminal to ask"), output);
    }

    private interface Check {
        boolean verifies(String id, long timestamp);
    }

    private static void assertSigned(Decision decision, UUID confirmationId, String oneTimeSecret, Check signature) throws IOException {
        String id = decision.header("webhook-id");
        long timestamp = Long.parseLong(decision.header("webhook-timestamp"));
        assertNotNull(id);
        assertNotEquals("cnf_" + confirmationId, id, "a fresh webhook-id of the answer's own");
        assertTrue(Math.abs(now() - timestamp) < 60, "fresh webhook-timestamp");
        assertTrue(signature.verifies(id, timestamp), "the decision's signature verifies");
        assertTrue(!signature.verifies(id, timestamp + 1), "and covers the timestamp");
        JsonNode body = JSON.readTree(decision.body());
        assertEquals("APPROVE", body.path("decision").asText());
        assertEquals(oneTimeSecret, body.path("secret").asText());
        assertTrue(decision.header("Content-Type").startsWith("application/json"));
    }

    private void startReceiver(Map<String, String> environment) {
        startReceiver(environment, true);
    }

    private void startReceiver(Map<String, String> environment, boolean autoApprove) {
        receiverPort = Ports.free();
        String name = "demo-contact-" + receiverPort;
        receiverLog = Path.of("target", "servers", name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // As a shell runs it in the background: its input is closed (/dev/null), not a pipe nobody writes to.
        String command = "exec \"$0\" scripts/demo-contact.java --port " + receiverPort + (autoApprove ? " --auto-approve" : "")
                + " < /dev/null";
        receiver = new ServerProcess(name, List.of("sh", "-c", command, java), environment);
        receiver.start(Duration.ofSeconds(90), () -> {
            try (Socket socket = new Socket("127.0.0.1", receiverPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private record Content(String id, long timestamp, String body) {}

    private String lastId;
    private long lastTimestamp;
    private String lastSignature;

    /** A confirmation request as the service's outbox sends it; remembers its headers for {@link #deliver}. */
    private String request(UUID confirmationId, String oneTimeSecret, long timestamp, Function<Content, String> sign) throws IOException {
        String respondTo = "http://127.0.0.1:" + service.getAddress().getPort() + "/v1/confirmations/" + confirmationId;
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("confirmationId", confirmationId.toString());
        data.put("verificationId", UUID.randomUUID().toString());
        data.put("agencyId", UUID.randomUUID().toString());
        data.put("contactId", UUID.randomUUID().toString());
        data.put("officer", Map.of("id", UUID.randomUUID().toString(), "name", "Jane Doe", "email", "jane.doe@springfield.gov"));
        data.put("portal", Map.of("name", "Example Exchange", "audience", "https://exchange.example.com"));
        data.put("purpose", "SUBPOENA");
        data.put("caseReference", "2026-CR-2291");
        data.put("documentDigest", null);
        data.put("bindingCode", "K7PM-4QXR");
        data.put("bindingMessage", "Jane Doe (Springfield Police Department) asks Example Exchange for SUBPOENA in case 2026-CR-2291. Code K7PM-4QXR");
        data.put("expiresAt", Instant.now().plusSeconds(3600).toString());
        data.put("respondTo", respondTo);
        data.put("secret", oneTimeSecret);
        String body = JSON.writeValueAsString(Map.of("type", "verification.confirmation_requested",
                "timestamp", Instant.now().toString(), "data", data));
        lastId = "cnf_" + confirmationId;
        lastTimestamp = timestamp;
        lastSignature = sign.apply(new Content(lastId, timestamp, body));
        return body;
    }

    private int deliver(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiverPort + "/"))
                .header("Content-Type", "application/json")
                .header("webhook-id", lastId)
                .header("webhook-timestamp", Long.toString(lastTimestamp))
                .header("webhook-signature", lastSignature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
