package org.agencyverify.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.net.OutboundHttp;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.Outbox;
import org.agencyverify.common.outbox.OutboxHandler;
import org.agencyverify.common.security.Actor;
import org.agencyverify.portal.PortalDirectory;
import org.agencyverify.portal.PortalDirectory.PortalFacts;

/**
 * OpenID Shared Signals for portals: when a token a portal holds is revoked (CAEP session-revoked) or
 * the officer behind it is disabled (RISC account-disabled), the portal's registered event endpoint
 * gets a Security Event Token (RFC 8417) signed with the service's token key, pushed (RFC 8935)
 * through the outbox with retries.
 */
@ApplicationScoped
public class SecurityEvents implements OutboxHandler {

    public static final String KIND = "security-event";
    public static final String SET_TYPE = "secevent+jwt";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Outbox outbox;
    private final SigningKeys keys;
    private final TokenIssuer issuer;
    private final PortalDirectory portals;
    private final OutboundHttp http;
    private final AuditLog audit;
    private final ObjectMapper json;

    SecurityEvents(Outbox outbox, SigningKeys keys, TokenIssuer issuer, PortalDirectory portals, OutboundHttp http, AuditLog audit,
            ObjectMapper json) {
        this.outbox = outbox;
        this.portals = portals;
        this.keys = keys;
        this.issuer = issuer;
        this.http = http;
        this.audit = audit;
        this.json = json;
    }

    /** Queues the events for one revoked token, in the caller's transaction; portals without an endpoint get none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tokenRevoked(TrustToken token, String reason, String officerEmail, boolean accountDisabled) {
        Optional<PortalFacts> portal = portals.byId(token.portalId).filter(p -> p.eventEndpoint() != null);
        if (portal.isEmpty()) {
            return;
        }
        queue(token.portalId, SecurityEvent.SESSION_REVOKED, Map.of("format", "opaque", "id", token.jti.toString()), reason, token.jti);
        if (accountDisabled) {
            queue(token.portalId, SecurityEvent.ACCOUNT_DISABLED, Map.of("format", "email", "email", officerEmail), reason, token.jti);
        }
    }

    private void queue(UUID portalId, String type, Map<String, String> subject, String reason, UUID jti) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SecurityEvent event = new SecurityEvent();
        event.id = UUID.randomUUID();
        event.portalId = portalId;
        event.eventType = type;
        event.subject = write(subject);
        event.reason = reason;
        event.jti = jti;
        event.occurredAt = now;
        event.createdAt = now;
        event.persist();
        outbox.enqueue(KIND, event.id);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Result deliver(UUID eventId, int attempt) throws DeliveryFailed {
        SecurityEvent event = SecurityEvent.findById(eventId);
        PortalFacts portal = portals.byId(event.portalId).orElseThrow();
        if (portal.eventEndpoint() == null) {
            return Result.OBSOLETE;
        }
        // Resolved and checked again now, and sent to the address that was checked (no redirects).
        http.post("set", portal.eventEndpoint(), Map.of("Content-Type", "application/secevent+jwt", "Accept", "application/json"),
                sign(event, portal), TIMEOUT);
        audit.record(Actor.SYSTEM, "security-event.delivered", "security_event", eventId.toString(),
                Map.of("portalId", portal.id().toString(), "eventType", event.eventType, "attempts", attempt));
        return Result.DELIVERED;
    }

    @Override
    public void failedForGood(UUID eventId, String reason) {
        audit.record(Actor.SYSTEM, "security-event.failed", "security_event", eventId.toString(), Map.of("reason", reason));
    }

    /** The SET (RFC 8417; SSF 1.0: sub_id at the top level), its jti the event id so receivers can deduplicate. */
    String sign(SecurityEvent event, PortalFacts portal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_timestamp", event.occurredAt.getEpochSecond());
        body.put("initiating_entity", "policy");
        body.put("reason_admin", Map.of("en", event.reason));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.issuer());
        claims.put("aud", portal.audience());
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("jti", event.id.toString());
        claims.put("sub_id", read(event.subject));
        claims.put("events", Map.of(event.eventType, body));
        SigningKeys.ActiveKey key = keys.active();
        return Jwt.claims(claims).jws().keyId(key.kid()).header("typ", SET_TYPE).algorithm(SignatureAlgorithm.ES256)
                .sign(key.privateKey());
    }

    /** What portals can expect (SSF transmitter configuration metadata). */
    public Map<String, Object> configuration(String baseUrl) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("spec_version", "1_0");
        config.put("issuer", issuer.issuer());
        config.put("jwks_uri", baseUrl + "/.well-known/jwks.json");
        config.put("delivery_methods_supported", List.of("urn:ietf:rfc:8935"));
        config.put("events_supported", List.of(SecurityEvent.SESSION_REVOKED, SecurityEvent.ACCOUNT_DISABLED));
        config.put("default_subjects", "ALL");
        config.put("authorization_schemes", List.of(Map.of("spec_urn", "urn:ietf:rfc:6749")));
        config.put("critical_subject_members", List.of("format"));
        return config;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> read(String value) {
        try {
            return json.readValue(value, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
