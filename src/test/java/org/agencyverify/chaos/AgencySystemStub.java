package org.agencyverify.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.Ports;

/**
 * The agency's system: receives the confirmation requests on a port of its own and answers each one
 * with a Standard Webhooks HMAC signature (APPROVE, or DENY when the case reference says so), to
 * either replica, trying again while the service cannot take it. It can be made unreachable: 503
 * to every delivery, or its port closed.
 */
final class AgencySystemStub implements AutoCloseable {

    enum Mode { UP, UNAVAILABLE, CLOSED }

    static final String DENY_PREFIX = "DENY-";
    private static final long ANSWER_PATIENCE_MS = 180_000;

    private final int port = Ports.free();
    private final String host;
    private final Ledger ledger;
    private final ExecutorService answers = Executors.newFixedThreadPool(4);
    private volatile Mode mode = Mode.UP;
    private volatile ChaosClient client;
    private volatile String secret;
    private HttpServer server;

    AgencySystemStub(Ledger ledger, String host) {
        this.ledger = ledger;
        this.host = host;
        open();
    }

    int port() {
        return port;
    }

    /** From now on requests are answered through this client, signed with the contact's webhook secret. */
    void answerWith(ChaosClient answering, String webhookSecret) {
        this.client = answering;
        this.secret = webhookSecret;
    }

    synchronized void mode(Mode next) {
        if (next == Mode.CLOSED && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Mode.CLOSED && server == null) {
            open();
        }
        mode = next;
    }

    private synchronized void open() {
        for (int attempt = 0; server == null; attempt++) {
            try {
                server = HttpServer.create(new InetSocketAddress(host, port), 64);
            } catch (IOException e) {
                if (attempt > 40) {
                    throw new IllegalStateException("port " + port + " stays taken", e);
                }
                Eventually.sleep(250);
            }
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (mode != Mode.UP) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        JsonNode event = ChaosClient.parse(body);
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        if (event != null && "verification.confirmation_requested".equals(event.path("type").asText())) {
            JsonNode data = event.path("data");
            UUID confirmation = UUID.fromString(data.path("confirmationId").asText());
            ledger.deliveries.add(new Ledger.Delivery(System.currentTimeMillis(), confirmation,
                    UUID.fromString(data.path("verificationId").asText())));
            String decision = data.path("caseReference").asText().startsWith(DENY_PREFIX) ? "DENY" : "APPROVE";
            answers.submit(() -> answer(confirmation, decision, data.path("secret").asText()));
        }
    }

    private void answer(UUID confirmation, String decision, String oneTimeSecret) {
        String body = ChaosClient.write(Map.of("decision", decision, "secret", oneTimeSecret));
        long deadline = System.currentTimeMillis() + ANSWER_PATIENCE_MS;
        while (System.currentTimeMillis() < deadline) {
            String id = "ans_" + UUID.randomUUID();
            long timestamp = Instant.now().getEpochSecond();
            int replica = ThreadLocalRandom.current().nextInt(client.replicaCount());
            ChaosClient.Answer answer = client.raw(replica, "confirmation-answer", "/v1/confirmations/" + confirmation, body,
                    Map.of("webhook-id", id, "webhook-timestamp", String.valueOf(timestamp), "webhook-signature", sign(id, timestamp, body)));
            if (answer.status() == 200) {
                ledger.decisions.add(new Ledger.Decision(confirmation, decision));
                return;
            }
            if (answer.status() != -1 && answer.status() != 429 && answer.status() < 500) {
                return; // a final refusal (already answered, expired): recorded in the ledger
            }
            Eventually.sleep(2000);
        }
    }

    private String sign(String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        answers.shutdownNow();
        try {
            answers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server != null) {
            server.stop(0);
        }
    }
}
