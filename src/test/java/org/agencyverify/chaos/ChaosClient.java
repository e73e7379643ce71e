package org.agencyverify.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * HTTP to the replicas, every answer written to the ledger: status and problem {@code type}. No answer
 * (refused, reset, timed out) is status -1. Generous timeouts: the machine has two busy cores.
 */
final class ChaosClient {

    /** An answer: status and body as JSON (null when it was not JSON). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text(String field) {
            return body == null ? null : body.path(field).asText(null);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final List<String> replicas;
    private final Ledger ledger;

    ChaosClient(List<String> replicas, Ledger ledger) {
        this.replicas = replicas;
        this.ledger = ledger;
    }

    int replicaCount() {
        return replicas.size();
    }

    Answer json(int replica, String op, String method, String path, String bearer, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = request(replica, path, bearer).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(replica, op, request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(write(body))));
    }

    Answer form(int replica, String op, String path, String bearer, Map<String, String> form) {
        return send(replica, op, request(replica, path, bearer).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    Answer get(int replica, String op, String path, String bearer) {
        return send(replica, op, request(replica, path, bearer).GET());
    }

    /** A request whose body and headers are ready (a signed answer); recorded like the others. */
    Answer raw(int replica, String op, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = request(replica, path, null).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(replica, op, request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(int replica, String path, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(replicas.get(replica) + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    private Answer send(int replica, String op, HttpRequest.Builder request) {
        long sent = System.currentTimeMillis();
        Answer answer;
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            answer = new Answer(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            answer = new Answer(-1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = new Answer(-1, null);
        }
        String type = answer.ok() || answer.body() == null ? null : answer.text("type");
        ledger.record(sent, replica, op, answer.status(), type);
        return answer;
    }

    /** A token from Keycloak's token endpoint (not recorded: the run measures the service). */
    static String token(String issuer, Map<String, String> form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(encode(form))).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()).path("access_token").asText(null) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
