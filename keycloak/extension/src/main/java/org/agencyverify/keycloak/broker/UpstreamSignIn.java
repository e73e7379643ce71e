package org.agencyverify.keycloak.broker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the agency's IdP says its user signed in, read from its ID token ({@code auth_time},
 * {@code acr}, {@code amr}) and kept as user session notes, which protocol mappers put in our tokens
 * as {@code idp_auth_time}, {@code idp_acr} and {@code idp_amr}. Every note is always written: a value
 * the IdP did not send (or sent malformed) becomes the empty value, so a later sign-in in the same
 * browser session never inherits an earlier one's facts. Plain Java.
 *
 * @param authTime seconds since the epoch as decimal digits, or ""
 * @param acr      the acr as sent, or ""
 * @param amr      a JSON array of strings (possibly empty)
 */
public record UpstreamSignIn(String authTime, String acr, String amr) {

    public static final String AUTH_TIME_NOTE = "idp_auth_time";
    public static final String ACR_NOTE = "idp_acr";
    public static final String AMR_NOTE = "idp_amr";

    static final int MAX_ACR = 256;
    static final int MAX_METHODS = 20;
    static final int MAX_METHOD = 64;
    /** Values kept as they are: printable ASCII without quotes or backslashes (nothing to escape in JSON). */
    private static final Pattern PLAIN = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]+");

    /** From the claims of the IdP's validated ID token. */
    public static UpstreamSignIn of(Map<String, Object> claims) {
        return new UpstreamSignIn(authTime(claims.get("auth_time")), acr(claims.get("acr")), amr(claims.get("amr")));
    }

    public Map<String, String> notes() {
        return Map.of(AUTH_TIME_NOTE, authTime, ACR_NOTE, acr, AMR_NOTE, amr);
    }

    private static String authTime(Object value) {
        long seconds;
        if (value instanceof Number number) {
            if (number.doubleValue() != Math.floor(number.doubleValue())) {
                return "";
            }
            seconds = number.longValue();
        } else if (value instanceof String text && text.matches("[0-9]{1,12}")) {
            seconds = Long.parseLong(text);
        } else {
            return "";
        }
        return seconds > 0 ? Long.toString(seconds) : "";
    }

    private static String acr(Object value) {
        return value instanceof String text && text.length() <= MAX_ACR && PLAIN.matcher(text).matches() ? text : "";
    }

    private static String amr(Object value) {
        Collection<?> methods = value instanceof Collection<?> list ? list : value instanceof String one ? List.of(one) : List.of();
        List<String> kept = new ArrayList<>();
        for (Object method : methods) {
            if (method instanceof String text && text.length() <= MAX_METHOD && PLAIN.matcher(text).matches() && !kept.contains(text)) {
                kept.add(text);
            }
            if (kept.size() == MAX_METHODS) {
                break;
            }
        }
        return kept.isEmpty() ? "[]" : "[\"" + String.join("\",\"", kept) + "\"]";
    }
}
