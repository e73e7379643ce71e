package org.agencyverify.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.agencyverify.common.crypto.RandomSecrets;
import org.agencyverify.common.error.ProblemType;

/**
 * A SCIM User as a client wants it, read leniently the way Entra ID and Okta write it: attribute names in
 * any case (RFC 7643 2.1), booleans as JSON or as "True"/"False" strings (Entra ID). Attributes of the core
 * and enterprise schemas this service does not keep (phone numbers, addresses, title, ...) are ignored, so
 * a client's default mappings work; anything outside those schemas is refused.
 */
final class UserDraft {

    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** Core attributes that are accepted and not kept. */
    private static final Set<String> IGNORED = Set.of("nickname", "profileurl", "title", "usertype", "preferredlanguage",
            "locale", "timezone", "password", "phonenumbers", "ims", "photos", "addresses", "groups", "entitlements",
            "roles", "x509certificates", "id", "meta", "schemas");

    String userName;
    String email;
    String externalId;
    String givenName;
    String familyName;
    String formatted;
    String displayName;
    Boolean active;
    String employeeNumber;

    /** A draft from a whole User (POST, PUT). */
    static UserDraft of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("The body must be a SCIM User object.");
        }
        if (!hasSchema(body, ScimDtos.USER_SCHEMA)) {
            throw ScimException.invalidSyntax("schemas must name " + ScimDtos.USER_SCHEMA + ".");
        }
        UserDraft draft = new UserDraft();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            draft.set(field.getKey(), field.getValue());
        }
        return draft;
    }

    UserDraft copy() {
        UserDraft copy = new UserDraft();
        copy.userName = userName;
        copy.email = email;
        copy.externalId = externalId;
        copy.givenName = givenName;
        copy.familyName = familyName;
        copy.formatted = formatted;
        copy.displayName = displayName;
        copy.active = active;
        copy.employeeNumber = employeeNumber;
        return copy;
    }

    /** The officer's one name: formatted, else given and family names, else the display name, else {@code fallback}. */
    String officerName(String fallback) {
        if (formatted != null) {
            return formatted;
        }
        String joined = ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).strip();
        if (!joined.isEmpty()) {
            return joined;
        }
        return displayName != null ? displayName : fallback;
    }

    /** The badge number the officer feature needs: the directory's employee number, else its id for the user. */
    String badge() {
        for (String candidate : new String[] {employeeNumber, externalId}) {
            if (candidate != null && candidate.length() <= 64) {
                return candidate;
            }
        }
        return "SCIM-" + RandomSecrets.base64Url(9);
    }

    /** Sets one attribute by its SCIM path ({@code name.givenName}, {@code emails[type eq "work"].value}, ...); null clears. */
    void set(String path, JsonNode value) {
        String p = path.strip();
        if (p.regionMatches(true, 0, ENTERPRISE_SCHEMA, 0, ENTERPRISE_SCHEMA.length())) {
            setEnterprise(p.substring(ENTERPRISE_SCHEMA.length()), value);
            return;
        }
        if (p.regionMatches(true, 0, ScimDtos.USER_SCHEMA + ":", 0, ScimDtos.USER_SCHEMA.length() + 1)) {
            p = p.substring(ScimDtos.USER_SCHEMA.length() + 1);
        }
        String lower = p.toLowerCase(Locale.ROOT);
        if (lower.startsWith("emails")) {
            email = emailOf(lower, value);
            return;
        }
        switch (lower) {
            case "username" -> userName = text(path, value);
            case "externalid" -> externalId = text(path, value);
            case "displayname" -> displayName = text(path, value);
            case "active" -> active = bool(path, value);
            case "name" -> {
                if (isNull(value)) {
                    givenName = familyName = formatted = null;
                } else if (value.isObject()) {
                    value.fields().forEachRemaining(f -> set("name." + f.getKey(), f.getValue()));
                } else {
                    throw ScimException.invalidValue("name must be an object.");
                }
            }
            case "name.givenname" -> givenName = text(path, value);
            case "name.familyname" -> familyName = text(path, value);
            case "name.formatted" -> formatted = text(path, value);
            default -> {
                String root = lower.replaceAll("[.\\[].*", "");
                if (!IGNORED.contains(root) && !lower.startsWith("name.")) {
                    throw new ScimException(ProblemType.INVALID_REQUEST, "invalidPath",
                            "The attribute " + path + " is not in the SCIM User schema.");
                }
            }
        }
    }

    private void setEnterprise(String rest, JsonNode value) {
        if (rest.isEmpty()) {
            if (value != null && value.isObject()) {
                value.fields().forEachRemaining(f -> setEnterprise(":" + f.getKey(), f.getValue()));
            }
            return;
        }
        if (rest.equalsIgnoreCase(":employeeNumber")) {
            employeeNumber = text("employeeNumber", value);
        }
        // Other enterprise attributes (department, manager, ...) are not kept.
    }

    /** The mailbox of {@code emails} (the primary, else the first), or of a work/primary emails sub-path. */
    private String emailOf(String lowerPath, JsonNode value) {
        if (isNull(value)) {
            return null;
        }
        if (!lowerPath.equals("emails")) {
            if (!lowerPath.matches("emails(\\[type eq \"work\"\\])?\\.value") && !lowerPath.matches("emails\\[primary eq true\\]\\.value")) {
                return email; // another type of address: not kept
            }
            return text("emails.value", value);
        }
        if (!value.isArray()) {
            throw ScimException.invalidValue("emails must be an array.");
        }
        JsonNode chosen = null;
        for (JsonNode address : value) {
            if (chosen == null || bool("emails.primary", field(address, "primary")) == Boolean.TRUE
                    && bool("emails.primary", field(chosen, "primary")) != Boolean.TRUE) {
                chosen = address;
            }
        }
        return chosen == null ? null : text("emails.value", field(chosen, "value"));
    }

    static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    static boolean hasSchema(JsonNode body, String schema) {
        JsonNode schemas = field(body, "schemas");
        if (schemas == null || !schemas.isArray()) {
            return false;
        }
        for (JsonNode s : schemas) {
            if (s.isTextual() && s.asText().equalsIgnoreCase(schema)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNull(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    private static String text(String path, JsonNode value) {
        if (isNull(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw ScimException.invalidValue(path + " must be a string.");
        }
        String text = value.asText().strip();
        if (text.length() > 200 || text.chars().anyMatch(Character::isISOControl)) {
            throw ScimException.invalidValue(path + " must be one line of at most 200 characters.");
        }
        return text.isEmpty() ? null : text;
    }

    /** A JSON boolean, or "true"/"false" in any case (Entra ID sends "False"). */
    static Boolean bool(String path, JsonNode value) {
        if (isNull(value)) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
            return Boolean.valueOf(value.asText().toLowerCase(Locale.ROOT));
        }
        throw ScimException.invalidValue(path + " must be true or false.");
    }
}
