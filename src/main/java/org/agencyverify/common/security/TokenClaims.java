package org.agencyverify.common.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads the claims of a verified Keycloak token, whatever JSON shape the mapper that made them chose. */
public final class TokenClaims {

    /** The upstream sign-in's claims, which the service's identity-provider mappers copy into brokered tokens. */
    public static final String IDP_AMR = "idp_amr";
    public static final String IDP_AUTH_TIME = "idp_auth_time";
    public static final String IDP_ACR = "idp_acr";
    public static final String IDENTITY_PROVIDER = "identity_provider";

    private TokenClaims() {}

    public static SignInFacts signIn(JsonWebToken token) {
        return new SignInFacts(strings(token.getClaim("amr")), instant(token.getClaim("auth_time")),
                string(token.getClaim(IDENTITY_PROVIDER)), strings(token.getClaim(IDP_AMR)), instant(token.getClaim(IDP_AUTH_TIME)));
    }

    public static String string(Object claim) {
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim instanceof String s ? s : null;
    }

    /** A number, or a string of digits (a session-note mapper may hand on a number as text). */
    public static Long number(Object claim) {
        if (claim instanceof JsonNumber n) {
            return n.longValue();
        }
        if (claim instanceof Number n) {
            return n.longValue();
        }
        String text = string(claim);
        return text != null && text.matches("\\d{1,18}") ? Long.valueOf(text) : null;
    }

    public static Instant instant(Object claim) {
        Long seconds = number(claim);
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    /** An array of strings, a single string, or nothing. */
    public static Set<String> strings(Object claim) {
        Set<String> values = new LinkedHashSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString s) {
                    values.add(s.getString());
                }
            }
        } else if (claim instanceof Collection<?> collection) {
            collection.forEach(value -> values.add(String.valueOf(value)));
        } else if (string(claim) != null) {
            values.add(string(claim));
        }
        return values;
    }
}
