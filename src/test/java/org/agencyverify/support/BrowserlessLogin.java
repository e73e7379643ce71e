package org.agencyverify.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A person signing in to Keycloak without a browser: authorization code with PKCE, a cookie jar,
 * and the login forms posted as a browser would (hidden fields kept, form actions parsed from the
 * HTML). Stops at the client's redirect URI and exchanges the code for tokens.
 */
public final class BrowserlessLogin {

    public static final String REDIRECT_URI = "http://127.0.0.1/callback";
    private static final Pattern FORM = Pattern.compile("<form([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new LoopbackCookieJar())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String issuer;
    private final String clientId;
    private final String verifier;
    private String code;

    public BrowserlessLogin(String issuer, String clientId) {
        this.issuer = issuer;
        this.clientId = clientId;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** A page of the sign-in, or the end of it (then {@link #code} is set). */
    public record Page(URI uri, int status, String html) {
        public boolean contains(String text) {
            return html != null && html.contains(text);
        }
    }

    public Page authorize(String scope, Map<String, String> extra) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("response_type", "code");
        query.put("redirect_uri", REDIRECT_URI);
        query.put("scope", scope);
        query.put("state", "s" + System.nanoTime());
        query.put("code_challenge", challenge());
        query.put("code_challenge_method", "S256");
        query.putAll(extra);
        return follow(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/auth?" + form(query))).GET().build());
    }

    /** Opens a URL (e.g. the link of an email) in this sign-in's cookie jar and follows its redirects. */
    public Page open(String url) {
        return follow(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    /** Posts the page's form (the one whose tag contains {@code formMarker}, or the first) with these fields. */
    public Page submit(Page page, String formMarker, Map<String, String> fields) {
        Matcher forms = FORM.matcher(page.html());
        while (forms.find()) {
            String tag = forms.group(1);
            if (formMarker != null && !tag.contains(formMarker)) {
                continue;
            }
            Map<String, String> body = new LinkedHashMap<>();
            Matcher inputs = INPUT.matcher(forms.group(2));
            while (inputs.find()) {
                String input = inputs.group(1);
                String name = attribute(input, "name");
                if (name != null && "hidden".equalsIgnoreCase(attribute(input, "type"))) {
                    String value = attribute(input, "value");
                    body.put(name, value == null ? "" : value);
                }
            }
            body.putAll(fields);
            URI action = page.uri().resolve(attribute(tag, "action"));
            return follow(HttpRequest.newBuilder(action).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(body))).build());
        }
        throw new IllegalStateException("no form " + formMarker + " on " + page.uri() + " (HTTP " + page.status() + ")");
    }

    /** The value of a hidden input of the page, e.g. Keycloak's totpSecret. */
    public static String hidden(Page page, String name) {
        Matcher inputs = INPUT.matcher(page.html());
        while (inputs.find()) {
            if (name.equals(attribute(inputs.group(1), "name"))) {
                return attribute(inputs.group(1), "value");
            }
        }
        throw new IllegalStateException("no input " + name + " on " + page.uri());
    }

    /** The names of the page's inputs and its error message, for a failing test's message. */
    public static String inputs(Page page) {
        List<String> names = new java.util.ArrayList<>();
        Matcher inputs = INPUT.matcher(page.html() == null ? "" : page.html());
        while (inputs.find()) {
            names.add(attribute(inputs.group(1), "name"));
        }
        Matcher error = Pattern.compile("kc-feedback-text\"?>([^<]*)<|id=\"input-error[^>]*>([^<]*)<").matcher(page.html() == null ? "" : page.html());
        return names + (error.find() ? " " + error.group(0) : "");
    }

    public String code() {
        return code;
    }

    /** Exchanges the authorization code (with the PKCE verifier) for the token response. */
    public JsonNode tokens() {
        if (code == null) {
            throw new IllegalStateException("the sign-in did not reach the redirect URI");
        }
        Map<String, String> body = Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "redirect_uri", REDIRECT_URI, "code_verifier", verifier);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(body))).build());
        try {
            JsonNode tokens = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("code exchange failed: HTTP " + response.statusCode() + " " + tokens.path("error"));
            }
            return tokens;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The claims of a JWT, unverified (the test trusts the server it just talked to). */
    public static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s) with Keycloak's key: the UTF-8 bytes of the secret. */
    public static String totp(String secret, long epochSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(epochSeconds / 30).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Page follow(HttpRequest request) {
        HttpResponse<String> response = send(request);
        URI uri = request.uri();
        for (int hops = 0; hops < 20; hops++) {
            int status = response.statusCode();
            if (status < 300 || status >= 400) {
                return new Page(uri, status, response.body());
            }
            URI next = uri.resolve(response.headers().firstValue("Location").orElseThrow());
            if (next.toString().startsWith(REDIRECT_URI)) {
                code = query(next, "code");
                return new Page(next, status, null);
            }
            uri = next;
            response = send(HttpRequest.newBuilder(next).GET().build());
        }
        throw new IllegalStateException("too many redirects");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String challenge() {
        return challenge(verifier);
    }

    /** The PKCE S256 challenge of a code verifier (RFC 7636). */
    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name) && parts.length == 2) {
                return java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE).matcher(tag);
        return m.find() ? m.group(1).replace("&amp;", "&").replace("&#61;", "=").replace("&quot;", "\"") : null;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
