package org.agencyverify.common.error;

import java.util.Map;

/**
 * The media type each endpoint takes its request body in, so that a 415 names the one this endpoint takes: a
 * caller who sent JSON to introspection must hear "a form", not "JSON". Most endpoints take JSON; the few that
 * do not are listed. RequestMediaTypesTest holds the list to every request body of the OpenAPI contract.
 */
final class RequestMediaTypes {

    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String CSV = "text/csv";
    static final String SCIM = "application/scim+json";

    private static final Map<String, String> NOT_JSON = Map.of(
            "/v1/tokens/introspect", FORM,
            "/v1/tokens/revoke", FORM,
            "/v1/ciba/authentication", FORM,
            "/v1/ciba/token", FORM,
            "/v1/agencies/import", CSV);

    private RequestMediaTypes() {
    }

    /** The media type the endpoint at this path takes its body in. */
    static String of(String path) {
        String normalized = "/" + path.replaceFirst("^/+", "").replaceFirst("/+$", "");
        if (normalized.startsWith("/scim/v2/")) {
            return SCIM;
        }
        return NOT_JSON.getOrDefault(normalized, JSON);
    }

    /** The 415's detail for a request to this path. */
    static String unsupportedDetail(String path) {
        String type = of(path);
        String what = switch (type) {
            case FORM -> FORM + " (a form, as OAuth endpoints take)";
            case SCIM -> SCIM + " (or application/json)";
            default -> type;
        };
        return "This endpoint takes its request body as " + what + ": send it with that Content-Type."
                + " The API description at /q/openapi names each endpoint's.";
    }
}
