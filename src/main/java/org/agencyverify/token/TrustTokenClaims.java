package org.agencyverify.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;

/**
 * What a trust token says (plain Java): the claims of the JWT, its lifetime rule and the matching
 * RFC 7662 introspection answer. Nothing here comes from the portal's request except what the
 * verification stored after its checks.
 */
public final class TrustTokenClaims {

    /** The JOSE {@code typ} of trust tokens (RFC 8725 explicit typing): a JWT of no other kind can pass for one. */
    public static final String TYPE = "agency-trust+jwt";
    /** RFC 9396 {@code authorization_details} type of the request a token vouches for. */
    public static final String DETAILS_TYPE = "law_enforcement_request";
    /** The amr value recording the agency's out-of-band confirmation. */
    public static final String CONFIRMED_AMR = "oob";
    /**
     * The acr of a token for an emailed request that the agency's contact confirmed and nobody
     * authenticated: its sender is who the agency says, no more. Officer-authenticated tokens carry the
     * acr of the officer's own sign-in instead, never this one.
     */
    public static final String SENDER_CONFIRMED_ACR = "urn:agency-verify:acr:sender-confirmed";
    /**
     * The acr of a token for an emailed request whose sender is an enrolled officer who signed in on the
     * service's page (the methods are in amr) and said they sent it, and which the agency's contact then
     * confirmed.
     */
    public static final String OFFICER_AUTHENTICATED_ACR = "urn:agency-verify:acr:officer-authenticated";
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);

    /**
     * Everything a token states, gathered from the approved verification; {@code subject}: the officer's id or a
     * confirmed sender's address; {@code statusIdx} and {@code statusUri}: its entry in the status list.
     */
    public record Facts(String issuer, UUID jti, UUID verificationId, String subject, String email, String audience,
            String portalClientId, UUID agencyId, String agencyName, String country, String region, String domain, String acr,
            List<String> amr, Purpose purpose, String caseReference, String documentDigest, String cnfJkt, Instant issuedAt,
            Duration lifetime, int statusIdx, String statusUri) {}

    private TrustTokenClaims() {}

    /** Minutes for emergencies, the configured lifetime otherwise; never more than an hour. */
    public static Duration lifetime(Purpose purpose, Duration standard, Duration emergency) {
        Duration lifetime = purpose == Purpose.EMERGENCY ? emergency : standard;
        if (lifetime.isZero() || lifetime.isNegative() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalStateException("trust token lifetime must be between 0 and 1 hour, not " + lifetime);
        }
        return lifetime;
    }

    public static Map<String, Object> claims(Facts f) {
        long iat = f.issuedAt().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", f.issuer());
        claims.put("sub", f.subject());
        claims.put("aud", f.audience());
        claims.put("iat", iat);
        claims.put("nbf", iat);
        claims.put("exp", iat + f.lifetime().toSeconds());
        claims.put("jti", f.jti().toString());
        claims.put("email", f.email());
        Map<String, Object> agency = new LinkedHashMap<>();
        agency.put("id", f.agencyId().toString());
        agency.put("name", f.agencyName());
        Map<String, Object> jurisdiction = new LinkedHashMap<>();
        jurisdiction.put("country", f.country());
        if (f.region() != null) {
            jurisdiction.put("region", f.region());
        }
        agency.put("jurisdiction", jurisdiction);
        agency.put("domain", f.domain());
        claims.put("agency", agency);
        if (f.acr() != null) {
            claims.put("acr", f.acr());
        }
        List<String> amr = new ArrayList<>(f.amr());
        if (!amr.contains(CONFIRMED_AMR)) {
            amr.add(CONFIRMED_AMR);
        }
        claims.put("amr", amr);
        claims.put("verification_id", f.verificationId().toString());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", DETAILS_TYPE);
        details.put("purpose", f.purpose().name());
        details.put("case_reference", f.caseReference());
        if (f.documentDigest() != null) {
            details.put("document_digest", Map.of("alg", "sha-256", "value", f.documentDigest()));
        }
        claims.put("authorization_details", List.of(details));
        if (f.cnfJkt() != null) {
            claims.put("cnf", Map.of("jkt", f.cnfJkt()));
        }
        // draft-ietf-oauth-status-list: where a portal reads, offline, whether the token was revoked.
        Map<String, Object> statusList = new LinkedHashMap<>();
        statusList.put("idx", f.statusIdx());
        statusList.put("uri", f.statusUri());
        claims.put("status", Map.of("status_list", statusList));
        return claims;
    }

    /** The RFC 7662 members of an active token (without {@code active}, which is decided at each request). */
    public static Map<String, Object> introspection(Map<String, Object> claims, String portalClientId) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token_type", TYPE);
        answer.put("client_id", portalClientId);
        for (String name : List.of("iss", "sub", "aud", "iat", "nbf", "exp", "jti", "email", "agency", "acr", "amr",
                "verification_id", "authorization_details", "cnf", "status")) {
            if (claims.containsKey(name)) {
                answer.put(name, claims.get(name));
            }
        }
        return answer;
    }
}
