// The agency's side of a confirmation, for trying agency-verify locally: a webhook receiver that
// plays an agency's records system. It checks the Standard Webhooks signature of each confirmation
// request, shows the binding message, asks whether to approve (or approves by itself with
// --auto-approve) and posts the signed decision to the request's respondTo URL.
//
//   java scripts/demo-contact.java [--port 8089] [--auto-approve] [--env-file FILE]
//
// The port is --port, else DEMO_RECEIVER_PORT (which scripts/demo-seed.py writes into demo.env), else 8089.
//
// Credentials (from the environment, or KEY=VALUE lines of --env-file, never from the command line,
// so they do not show in `ps`):
//   DEMO_WEBHOOK_SECRET            whsec_... : an HMAC_SHA256 contact: verifies v1 requests, signs v1 decisions
//   DEMO_SERVICE_PUBLIC_KEY        base64 raw 32 bytes: an ED25519 contact: the service's key, verifies v1a requests
//   DEMO_AGENCY_PRIVATE_KEY        base64 PKCS#8 DER: an ED25519 contact: the agency's key, signs v1a decisions
//   DEMO_SERVICE_URL               optional: decisions go only to respondTo URLs under this base URL
//
// JDK classes only (Java 17): a demo and a reference, not something to run in production.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class DemoContact {

    /** Requests older or newer than this are refused, as Standard Webhooks recommends (replays). */
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final String TYPE = "verification.confirmation_requested";

    final Signer signer;
    final boolean autoApprove;
    final String serviceUrl;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final Set<String> seen = ConcurrentHashMap.newKeySet();
    // One question at a time on the terminal, in the order the requests came.
    final ExecutorService decisions = Executors.newSingleThreadExecutor();
    final BufferedReader terminal = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    // Answers typed on the terminal, read as they come; closed input (no terminal) is known at once.
    final BlockingQueue<String> typed = new LinkedBlockingQueue<>();
    volatile boolean inputClosed;

    DemoContact(Signer signer, boolean autoApprove, String serviceUrl) {
        this.signer = signer;
        this.autoApprove = autoApprove;
        this.serviceUrl = serviceUrl;
    }

    public static void main(String[] args) throws Exception {
        Integer port = null;
        boolean autoApprove = false;
        Map<String, String> env = new HashMap<>(System.getenv());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--auto-approve" -> autoApprove = true;
                case "--env-file" -> env.putAll(readEnvFile(Path.of(args[++i])));
                default -> {
                    System.err.println("usage: java scripts/demo-contact.java [--port N] [--auto-approve] [--env-file FILE]");
                    System.exit(2);
                }
            }
        }
        if (port == null) {
            port = Integer.parseInt(env.getOrDefault("DEMO_RECEIVER_PORT", "8089").strip());
        }
        Signer signer = Signer.from(env);
        DemoContact contact = new DemoContact(signer, autoApprove, blankToNull(env.get("DEMO_SERVICE_URL")));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", contact::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        if (!autoApprove) {
            Thread reader = new Thread(contact::readTerminal, "terminal");
            reader.setDaemon(true);
            reader.start();
        }
        server.start();
        System.out.println("demo contact (" + signer.kind() + ") listening on http://127.0.0.1:"
                + server.getAddress().getPort() + "/" + (autoApprove ? " (approving every valid request)" : ""));
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "POST only");
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            long sent;
            try {
                sent = Long.parseLong(timestamp);
            } catch (NumberFormatException | NullPointerException e) {
                refuse(exchange, "no valid webhook-timestamp");
                return;
            }
            if (id == null || signature == null || !signer.verifiesRequest(id, sent, body, signature)) {
                refuse(exchange, "signature does not verify");
                return;
            }
            if (Math.abs(Instant.now().getEpochSecond() - sent) > TOLERANCE.toSeconds()) {
                refuse(exchange, "webhook-timestamp outside " + TOLERANCE.toMinutes() + " minutes");
                return;
            }
            Map<String, Object> event = asObject(Json.parse(body));
            if (!TYPE.equals(event.get("type"))) {
                // e.g. a contact-change notification: signed and genuine, but nothing to decide.
                System.out.println("[" + id + "] " + event.get("type") + " (nothing to decide)");
                answer(exchange, 200, "ok");
                return;
            }
            if (!autoApprove && inputClosed) {
                // Nobody can answer: refuse the delivery (5xx), so the service keeps it and tries again later.
                System.out.println("[" + id + "] not accepted: no terminal to ask (run it in a terminal, or with --auto-approve);"
                        + " answered 503, the service will try again");
                answer(exchange, 503, "nobody to ask");
                return;
            }
            // The service retries a request under the same webhook-id: ask once only.
            if (seen.add(id)) {
                Map<String, Object> data = asObject(event.get("data"));
                decisions.submit(() -> decide(id, data));
            }
            answer(exchange, 202, "received");
        } catch (RuntimeException e) {
            System.out.println("refused a request: " + e.getMessage());
            answer(exchange, 400, "unreadable request");
        }
    }

    void decide(String requestId, Map<String, Object> data) {
        try {
            Map<String, Object> officer = asObject(data.get("officer"));
            Map<String, Object> portal = asObject(data.get("portal"));
            System.out.println();
            System.out.println("=== confirmation request " + data.get("confirmationId") + " (" + requestId + ")");
            System.out.println("    " + data.get("bindingMessage"));
            if ("sender-confirmation".equals(data.get("kind"))) {
                // An emailed request: nobody authenticated the sender; the agency is asked whether they are its own.
                Map<String, Object> sender = asObject(data.get("sender"));
                System.out.println("    " + data.get("question"));
                System.out.println("    sender   " + sender.get("email") + " (" + sender.get("standing") + ")");
            } else {
                System.out.println("    officer  " + officer.get("name") + " <" + officer.get("email") + ">");
            }
            System.out.println("    portal   " + portal.get("name") + " (" + portal.get("audience") + ")");
            System.out.println("    purpose  " + data.get("purpose") + ", case " + data.get("caseReference")
                    + ", code " + data.get("bindingCode") + ", answer before " + data.get("expiresAt"));
            String respondTo = (String) data.get("respondTo");
            if (serviceUrl != null && !respondTo.startsWith(serviceUrl.replaceAll("/+$", "") + "/")) {
                System.out.println("    NOT answering: respondTo " + respondTo + " is not under " + serviceUrl);
                return;
            }
            Boolean approve = ask();
            if (approve == null) {
                // No terminal to ask (stdin closed): a DENY is final, so do not answer for a person.
                System.out.println("    no terminal to ask: not answering (run it in a terminal, or with --auto-approve)");
                return;
            }
            String decision = approve ? "APPROVE" : "DENY";
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("decision", decision);
            answer.put("secret", data.get("secret"));
            String body = Json.write(answer);
            String id = "msg_" + random();
            long now = Instant.now().getEpochSecond();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(respondTo))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(now))
                    .header("webhook-signature", signer.signDecision(id, now, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("    " + decision + " sent to " + respondTo + ": HTTP " + response.statusCode() + " " + response.body());
        } catch (Exception e) {
            System.out.println("    could not answer: " + e);
        }
    }

    /** True: approve; false: deny; null: nobody to ask. */
    Boolean ask() throws IOException {
        if (autoApprove) {
            System.out.println("    approving (--auto-approve)");
            return true;
        }
        System.out.print("    approve? [y/N] ");
        System.out.flush();
        while (true) {
            try {
                String line = typed.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    return line.strip().toLowerCase().startsWith("y");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (inputClosed && typed.isEmpty()) {
                return null;
            }
        }
    }

    void readTerminal() {
        try {
            for (String line; (line = terminal.readLine()) != null; ) {
                typed.add(line);
            }
        } catch (IOException e) {
            // as closed
        }
        inputClosed = true;
    }

    static void refuse(HttpExchange exchange, String why) throws IOException {
        System.out.println("refused a request: " + why);
        answer(exchange, 401, why);
    }

    static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String text = line.strip();
            if (text.startsWith("export ")) {
                text = text.substring(7).strip();
            }
            int eq = text.indexOf('=');
            if (!text.startsWith("#") && eq > 0) {
                values.put(text.substring(0, eq), text.substring(eq + 1).replaceAll("^['\"]|['\"]$", ""));
            }
        }
        return values;
    }

    /** The contact's credential: Standard Webhooks v1 (HMAC-SHA256, shared secret) or v1a (Ed25519). */
    interface Signer {
        String kind();

        boolean verifiesRequest(String id, long timestamp, String body, String header);

        String signDecision(String id, long timestamp, String body) throws Exception;

        static Signer from(Map<String, String> env) throws Exception {
            String secret = blankToNull(env.get("DEMO_WEBHOOK_SECRET"));
            if (secret != null) {
                if (!secret.startsWith("whsec_")) {
                    throw new IllegalArgumentException("DEMO_WEBHOOK_SECRET must start with whsec_");
                }
                return new Hmac(Base64.getDecoder().decode(secret.substring(6)));
            }
            String servicePublic = blankToNull(env.get("DEMO_SERVICE_PUBLIC_KEY"));
            String agencyPrivate = blankToNull(env.get("DEMO_AGENCY_PRIVATE_KEY"));
            if (servicePublic == null || agencyPrivate == null) {
                throw new IllegalArgumentException("set DEMO_WEBHOOK_SECRET, or DEMO_SERVICE_PUBLIC_KEY and DEMO_AGENCY_PRIVATE_KEY");
            }
            // X.509 SubjectPublicKeyInfo of an Ed25519 key: this fixed prefix, then the 32 raw bytes.
            byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
            byte[] raw = Base64.getDecoder().decode(servicePublic);
            byte[] spki = new byte[prefix.length + raw.length];
            System.arraycopy(prefix, 0, spki, 0, prefix.length);
            System.arraycopy(raw, 0, spki, prefix.length, raw.length);
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            return new Ed25519(keys.generatePublic(new X509EncodedKeySpec(spki)),
                    keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(agencyPrivate))));
        }

        static byte[] content(String id, long timestamp, String body) {
            return (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        }

        /** The signatures of a header that carry this prefix (a header may hold several, space separated). */
        static List<byte[]> candidates(String header, String prefix) {
            List<byte[]> found = new ArrayList<>();
            for (String part : header.split(" ")) {
                if (part.startsWith(prefix)) {
                    try {
                        found.add(Base64.getDecoder().decode(part.substring(prefix.length())));
                    } catch (IllegalArgumentException e) {
                        // not base64: not a signature
                    }
                }
            }
            return found;
        }
    }

    record Hmac(byte[] key) implements Signer {
        public String kind() {
            return "HMAC_SHA256, v1";
        }

        byte[] mac(String id, long timestamp, String body) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(Signer.content(id, timestamp, body));
        }

        public boolean verifiesRequest(String id, long timestamp, String body, String header) {
            try {
                byte[] expected = mac(id, timestamp, body);
                boolean match = false;
                for (byte[] given : Signer.candidates(header, "v1,")) {
                    match |= MessageDigest.isEqual(expected, given); // constant time
                }
                return match;
            } catch (Exception e) {
                return false;
            }
        }

        public String signDecision(String id, long timestamp, String body) throws Exception {
            return "v1," + Base64.getEncoder().encodeToString(mac(id, timestamp, body));
        }
    }

    record Ed25519(PublicKey service, PrivateKey agency) implements Signer {
        public String kind() {
            return "ED25519, v1a";
        }

        public boolean verifiesRequest(String id, long timestamp, String body, String header) {
            for (byte[] given : Signer.candidates(header, "v1a,")) {
                try {
                    Signature verifier = Signature.getInstance("Ed25519");
                    verifier.initVerify(service);
                    verifier.update(Signer.content(id, timestamp, body));
                    if (verifier.verify(given)) {
                        return true;
                    }
                } catch (Exception e) {
                    // a malformed signature: try the next one
                }
            }
            return false;
        }

        public String signDecision(String id, long timestamp, String body) throws Exception {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(agency);
            signer.update(Signer.content(id, timestamp, body));
            return "v1a," + Base64.getEncoder().encodeToString(signer.sign());
        }
    }

    /** Just enough JSON for the request and the answer (objects, arrays, strings, numbers, literals). */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (json.at != text.length()) {
                throw new IllegalArgumentException("trailing characters in JSON");
            }
            return value;
        }

        static String write(Map<String, Object> object) {
            StringBuilder out = new StringBuilder("{");
            for (Map.Entry<String, Object> e : object.entrySet()) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(quote(e.getKey())).append(':').append(e.getValue() == null ? "null" : quote(e.getValue().toString()));
            }
            return out.append('}').toString();
        }

        static String quote(String value) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }

        private Object value() {
            space();
            if (at >= text.length()) {
                throw new IllegalArgumentException("unexpected end of JSON");
            }
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> object = new LinkedHashMap<>();
                at++;
                space();
                if (skip('}')) {
                    return object;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    object.put(key, value());
                    space();
                } while (skip(','));
                expect('}');
                return object;
            }
            if (c == '[') {
                List<Object> array = new ArrayList<>();
                at++;
                space();
                if (skip(']')) {
                    return array;
                }
                do {
                    array.add(value());
                    space();
                } while (skip(','));
                expect(']');
                return array;
            }
            if (c == '"') {
                return string();
            }
            for (String literal : new String[] {"true", "false", "null"}) {
                if (text.startsWith(literal, at)) {
                    at += literal.length();
                    return literal.equals("null") ? null : Boolean.valueOf(literal);
                }
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("unexpected character in JSON at " + at);
            }
            return Double.valueOf(text.substring(start, at));
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = text.charAt(at++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated string in JSON");
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private boolean skip(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!skip(c)) {
                throw new IllegalArgumentException("expected '" + c + "' in JSON at " + at);
            }
        }
    }
}
