package org.agencyverify.provisioning;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agencyverify.common.error.ProblemType;

/**
 * The filters provisioning clients use to find a user before they create or link it (RFC 7644 3.4.2.2):
 * {@code userName eq "..."} and {@code externalId eq "..."}. Anything else is refused with invalidFilter
 * rather than answered wrongly (ServiceProviderConfig says filtering is this narrow).
 */
record UserFilter(Attribute attribute, String value) {

    enum Attribute { USER_NAME, EXTERNAL_ID }

    private static final Pattern EQ = Pattern.compile(
            "\\s*(?:urn:ietf:params:scim:schemas:core:2\\.0:User:)?([A-Za-z]+)\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*",
            Pattern.CASE_INSENSITIVE);

    static UserFilter parse(String filter) {
        Matcher m = EQ.matcher(filter);
        if (!m.matches()) {
            throw invalid("Only filters of the form userName eq \"...\" or externalId eq \"...\" are supported.");
        }
        Attribute attribute = switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "username" -> Attribute.USER_NAME;
            case "externalid" -> Attribute.EXTERNAL_ID;
            default -> throw invalid("Filtering on " + m.group(1) + " is not supported: only userName and externalId (eq).");
        };
        String value = m.group(2).replaceAll("\\\\(.)", "$1");
        return new UserFilter(attribute, value);
    }

    private static ScimException invalid(String detail) {
        return new ScimException(ProblemType.INVALID_REQUEST, "invalidFilter", detail);
    }
}
