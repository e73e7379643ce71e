package com.example.portalcheck;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.ciba.BackChannelTokenDeliveryMode;
import com.nimbusds.oauth2.sdk.ciba.CIBAError;
import com.nimbusds.oauth2.sdk.ciba.CIBAGrant;
import com.nimbusds.oauth2.sdk.ciba.CIBARequest;
import com.nimbusds.oauth2.sdk.ciba.CIBARequestAcknowledgement;
import com.nimbusds.oauth2.sdk.ciba.CIBAResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationGrantError;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.rar.AuthorizationDetail;
import com.nimbusds.oauth2.sdk.rar.AuthorizationType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A law-enforcement request that arrived by email, checked with OpenID Connect CIBA (Client-Initiated
 * Backchannel Authentication, poll mode) through the Nimbus OAuth 2.0 SDK's own CIBA classes: no
 * agency-verify code, a standard client.
 *
 * <ol>
 * <li>{@link #start}: the backchannel authentication request for the sender's address ({@code login_hint})
 * and what the email asks for ({@code authorization_details}, RFC 9396, type {@code law_enforcement_request}).
 * The service asks the agency of the address's domain; an unknown domain answers {@code unknown_user_id}.</li>
 * <li>{@link #await}: the token endpoint with the CIBA grant, polled no sooner than {@code interval},
 * {@code slow_down} adding 5 seconds for that and every later poll, until the trust token or a final error
 * ({@code access_denied}, {@code expired_token}, {@code invalid_grant}, ...).</li>
 * <li>{@link #verify}: the trust token through {@link PortalCheck#verify} (signature, type, issuer, audience,
 * lifetime), then that it is about this sender and this request, and whose word it carries: {@code acr}
 * {@value #SENDER_CONFIRMED_ACR} means a contact of the agency confirmed that the sender is theirs and
 * sent it (nobody authenticated the sender); any other {@code acr} is an officer who authenticated.</li>
 * </ol>
 *
 * <pre>
 * CLIENT_ID=portal-... CLIENT_SECRET=... java -jar target/portal-check.jar emailed \
 *     METADATA_URL AUDIENCE SENDER_EMAIL PURPOSE CASE_REFERENCE [DOCUMENT_FILE]
 * </pre>
 * The portal's own client (the one of its {@code client_credentials} grant) authenticates with
 * {@code client_secret_basic}; the secret comes from the environment, never the command line. DOCUMENT_FILE
 * (the emailed request itself, e.g. its PDF) becomes {@code document_digest} (SHA-256). {@code BINDING_MESSAGE}
 * in the environment sets the code the agency's contacts are shown (at most 64 characters, one line);
 * without it the service draws one. Exits 0 with a valid token, 1 on a refusal or a rejected token, 2 on usage.
 */
public final class EmailedRequestCheck {

    public static final String SENDER_CONFIRMED_ACR = "urn:agency-verify:acr:sender-confirmed";
    public static final AuthorizationType LAW_ENFORCEMENT_REQUEST = new AuthorizationType("law_enforcement_request");
    /** CIBA Core 11 (as RFC 8628 3.5): after {@code slow_down} the interval grows by at least 5 s, for all later polls. */
    public static final int SLOW_DOWN_STEP_SECONDS = 5;
    private static final int TIMEOUT_MILLIS = 10_000;

    /** Where CIBA is served, read from the issuer metadata (RFC 8414 names, CIBA Core 4 for the backchannel ones). */
    public record Endpoints(URI backchannelAuthenticationEndpoint, URI tokenEndpoint) {
        public static Endpoints fetch(URI metadataUrl) throws IOException, ParseException {
            HTTPRequest get = new HTTPRequest(HTTPRequest.Method.GET, metadataUrl);
            HTTPResponse response = send(get);
            response.ensureStatusCode(200);
            AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(response.getBodyAsJSONObject());
            if (metadata.getBackChannelAuthenticationEndpointURI() == null || metadata.getTokenEndpointURI() == null
                    || metadata.getBackChannelTokenDeliveryModes() == null
                    || !metadata.getBackChannelTokenDeliveryModes().contains(BackChannelTokenDeliveryMode.POLL)) {
                throw new ParseException("the issuer " + metadata.getIssuer() + " does not offer CIBA in poll mode");
            }
            return new Endpoints(metadata.getBackChannelAuthenticationEndpointURI(), metadata.getTokenEndpointURI());
        }
    }

    /**
     * The answer to {@link #start}: the library's own {@link CIBAResponse} (a {@link CIBARequestAcknowledgement}
     * or a {@code CIBAErrorResponse}), and the server's {@code Retry-After} in seconds when it gave one
     * ({@code slow_down} with 429, {@code temporarily_unavailable}), which the library's error object does not keep.
     */
    public record Start(CIBAResponse response, Long retryAfterSeconds) {
        public boolean acknowledged() {
            return response.indicatesSuccess();
        }

        public CIBARequestAcknowledgement acknowledgement() {
            return response.toRequestAcknowledgement();
        }

        public ErrorObject error() {
            return response.toErrorResponse().getErrorObject();
        }
    }

    /** How polling ended: the trust token, or the final error the token endpoint (or the deadline) gave. */
    public sealed interface Outcome permits Issued, Refused {}

    /** Approved: {@code access_token} is the trust token; the response also carries {@code authorization_details}. */
    public record Issued(String trustToken, AccessTokenResponse response) implements Outcome {}

    /** A final CIBA / OAuth error: {@code access_denied}, {@code expired_token}, {@code invalid_grant}, ... */
    public record Refused(ErrorObject error) implements Outcome {}

    /** Whose word the token carries. */
    public enum Confirmation {
        /** A contact of the agency confirmed the sender is theirs and sent the request; nobody authenticated the sender. */
        SENDER_CONFIRMED,
        /** An officer of the agency authenticated (and the agency confirmed): every other {@code acr}. */
        OFFICER_AUTHENTICATED
    }

    /** A trust token that passed every check, and whose word it carries. */
    public record Checked(JWTClaimsSet claims, Confirmation confirmation) {}

    private final Endpoints endpoints;
    private final ClientAuthentication client;

    public EmailedRequestCheck(Endpoints endpoints, ClientID clientId, Secret clientSecret) {
        this.endpoints = endpoints;
        this.client = new ClientSecretBasic(clientId, clientSecret);
    }

    /** The {@code law_enforcement_request} of the email; {@code documentSha256Hex} may be null. */
    public static AuthorizationDetail lawEnforcementRequest(String purpose, String caseReference, String documentSha256Hex) {
        AuthorizationDetail.Builder detail = new AuthorizationDetail.Builder(LAW_ENFORCEMENT_REQUEST)
                .field("purpose", purpose)
                .field("case_reference", caseReference);
        if (documentSha256Hex != null) {
            detail.field("document_digest", Map.of("alg", "sha-256", "value", documentSha256Hex));
        }
        return detail.build();
    }

    /** SHA-256 of a file, lower-case hex, for {@code document_digest}. */
    public static String sha256Hex(Path document) throws IOException {
        try (InputStream in = Files.newInputStream(document)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The backchannel authentication request for this sender and request. {@code bindingMessage} may be null.
     * {@code scope} is optional at this service; {@code openid} is sent as CIBA Core 7.1 requires it.
     */
    public Start start(String senderEmail, AuthorizationDetail request, String bindingMessage) throws IOException, ParseException {
        CIBARequest.Builder builder = new CIBARequest.Builder(client, new Scope("openid"))
                .endpointURI(endpoints.backchannelAuthenticationEndpoint())
                .loginHint(senderEmail)
                .authorizationDetails(List.of(request));
        if (bindingMessage != null) {
            builder.bindingMessage(bindingMessage);
        }
        HTTPResponse response = send(builder.build().toHTTPRequest());
        return new Start(CIBAResponse.parse(response), retryAfter(response));
    }

    /**
     * Polls the token endpoint until the request is decided: waits {@code interval} before each poll,
     * adds {@value #SLOW_DOWN_STEP_SECONDS} s after each {@code slow_down}, keeps on through
     * {@code authorization_pending} and {@code temporarily_unavailable} (honouring {@code Retry-After}),
     * and gives up with {@code expired_token} when the service has not decided some polls past {@code expires_in}.
     */
    public Outcome await(CIBARequestAcknowledgement started) throws IOException, ParseException, InterruptedException {
        long interval = started.getMinWaitInterval() != null ? started.getMinWaitInterval()
                : CIBARequestAcknowledgement.DEFAULT_MIN_WAIT_INTERVAL;
        Instant expires = Instant.now().plusSeconds(started.getExpiresIn());
        TokenRequest poll = new TokenRequest.Builder(endpoints.tokenEndpoint(), client, new CIBAGrant(started.getAuthRequestID()))
                .build();
        long wait = interval;
        while (true) {
            Thread.sleep(wait * 1000);
            HTTPResponse http = send(poll.toHTTPRequest());
            TokenResponse response = TokenResponse.parse(http);
            if (response.indicatesSuccess()) {
                AccessTokenResponse success = response.toSuccessResponse();
                return new Issued(success.getTokens().getAccessToken().getValue(), success);
            }
            ErrorObject error = response.toErrorResponse().getErrorObject();
            String code = error.getCode();
            if (DeviceAuthorizationGrantError.SLOW_DOWN.getCode().equals(code)) {
                interval += SLOW_DOWN_STEP_SECONDS;
            } else if (!DeviceAuthorizationGrantError.AUTHORIZATION_PENDING.getCode().equals(code)
                    && !OAuth2Error.TEMPORARILY_UNAVAILABLE.getCode().equals(code)) {
                return new Refused(error);
            }
            Long retryAfter = retryAfter(http);
            wait = retryAfter != null ? Math.max(interval, retryAfter) : interval;
            // The service answers expired_token itself once expires_in has passed; this only bounds a silent one.
            if (Instant.now().plusSeconds(wait).isAfter(expires.plusSeconds(2 * interval))) {
                return new Refused(CIBAError.EXPIRED_TOKEN.setDescription("no decision within expires_in, last answer " + code));
            }
        }
    }

    /**
     * The trust token checked offline by {@code check} ({@link PortalCheck#verify}), then: that it is about this
     * sender ({@code email}) and carries this request ({@code authorization_details}), and whose word it carries.
     */
    public static Checked verify(PortalCheck check, String trustToken, String senderEmail, AuthorizationDetail request)
            throws BadJOSEException, JOSEException, java.text.ParseException {
        JWTClaimsSet claims = check.verify(trustToken);
        String email = claims.getStringClaim("email");
        if (email == null || !email.equalsIgnoreCase(senderEmail.strip())) {
            throw new BadJWTException("JWT email " + email + " is not the sender " + senderEmail);
        }
        Map<String, Object> asked = request.toJSONObject();
        boolean carriesRequest = claims.getListClaim("authorization_details").stream()
                .anyMatch(d -> d instanceof Map<?, ?> m && asked.entrySet().stream()
                        .allMatch(e -> Objects.equals(e.getValue(), m.get(e.getKey()))));
        if (!carriesRequest) {
            throw new BadJWTException("JWT authorization_details is not the request that was asked: " + asked);
        }
        return new Checked(claims, confirmation(claims));
    }

    /** Whose word verified claims carry: officer-authenticated tokens never have {@value #SENDER_CONFIRMED_ACR}. */
    public static Confirmation confirmation(JWTClaimsSet verifiedClaims) throws java.text.ParseException {
        return SENDER_CONFIRMED_ACR.equals(verifiedClaims.getStringClaim("acr")) ? Confirmation.SENDER_CONFIRMED
                : Confirmation.OFFICER_AUTHENTICATED;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5 || args.length > 6) {
            System.err.println("usage: CLIENT_ID=... CLIENT_SECRET=... [BINDING_MESSAGE=...] java -jar portal-check.jar emailed \\");
            System.err.println("           METADATA_URL AUDIENCE SENDER_EMAIL PURPOSE CASE_REFERENCE [DOCUMENT_FILE]");
            System.exit(2);
        }
        String clientId = System.getenv("CLIENT_ID");
        String secret = System.getenv("CLIENT_SECRET");
        if (clientId == null || clientId.isBlank() || secret == null || secret.isBlank()) {
            System.err.println("CLIENT_ID and CLIENT_SECRET (the portal's client) must be set in the environment");
            System.exit(2);
        }
        URI metadataUrl = URI.create(args[0]);
        String sender = args[2];
        AuthorizationDetail request = lawEnforcementRequest(args[3], args[4], args.length == 6 ? sha256Hex(Path.of(args[5])) : null);
        EmailedRequestCheck ciba = new EmailedRequestCheck(Endpoints.fetch(metadataUrl), new ClientID(clientId), new Secret(secret));

        Start start = ciba.start(sender, request, System.getenv("BINDING_MESSAGE"));
        if (!start.acknowledged()) {
            ErrorObject error = start.error();
            System.out.println("start: REFUSED " + error.getCode() + " (HTTP " + error.getHTTPStatusCode() + "): "
                    + error.getDescription() + (start.retryAfterSeconds() != null ? "; retry after " + start.retryAfterSeconds() + " s" : ""));
            System.exit(1);
        }
        CIBARequestAcknowledgement ack = start.acknowledgement();
        System.out.println("start: asked the agency of " + sender.substring(sender.indexOf('@') + 1) + "; waiting up to "
                + ack.getExpiresIn() + " s, polling every " + (ack.getMinWaitInterval() != null ? ack.getMinWaitInterval()
                : CIBARequestAcknowledgement.DEFAULT_MIN_WAIT_INTERVAL) + " s");
        Outcome outcome = ciba.await(ack);
        if (outcome instanceof Refused refused) {
            System.out.println("token: REFUSED " + refused.error().getCode() + ": " + refused.error().getDescription());
            System.exit(1);
        }
        String token = ((Issued) outcome).trustToken();
        PortalCheck check = new PortalCheck(PortalCheck.Issuer.fetch(metadataUrl), args[1]);
        try {
            Checked checked = verify(check, token, sender, request);
            JWTClaimsSet claims = checked.claims();
            System.out.println("token: VALID, signed by " + claims.getIssuer() + " for " + claims.getAudience());
            System.out.println(checked.confirmation() == Confirmation.SENDER_CONFIRMED
                    ? "  SENDER CONFIRMED by the agency: a contact confirmed " + claims.getStringClaim("email")
                            + " is theirs and sent this; nobody authenticated the sender"
                    : "  OFFICER AUTHENTICATED: " + claims.getStringClaim("email") + " (acr " + claims.getStringClaim("acr") + ")");
            System.out.println("  agency       " + claims.getJSONObjectClaim("agency"));
            System.out.println("  verification " + claims.getStringClaim("verification_id"));
            System.out.println("  request      " + claims.getListClaim("authorization_details"));
            System.out.println("  expires      " + claims.getExpirationTime().toInstant());
        } catch (BadJOSEException | JOSEException | java.text.ParseException e) {
            System.out.println("token: REJECTED: " + e.getMessage());
            System.exit(1);
        }
    }

    private static HTTPResponse send(HTTPRequest request) throws IOException {
        request.setConnectTimeout(TIMEOUT_MILLIS);
        request.setReadTimeout(TIMEOUT_MILLIS);
        request.setFollowRedirects(false);
        return request.send();
    }

    /** {@code Retry-After} as delta-seconds (the form this service sends); null when absent or an HTTP date. */
    private static Long retryAfter(HTTPResponse response) {
        String value = response.getHeaderValue("Retry-After");
        if (value == null) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
