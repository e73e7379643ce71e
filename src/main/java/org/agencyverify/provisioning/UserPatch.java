package org.agencyverify.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.agencyverify.common.error.ProblemType;

/**
 * RFC 7644 3.5.2 PATCH in the shapes provisioning clients send: Entra ID's capitalised ops with a path and
 * string booleans ({@code {"op":"Replace","path":"active","value":"False"}}), and Okta's ops without a path
 * whose value holds the attributes ({@code {"op":"replace","value":{"active":false}}}). Applied to a copy of
 * the user's current state; the whole patch applies or none of it.
 */
final class UserPatch {

    private UserPatch() {}

    static UserDraft apply(UserDraft current, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("The body must be a SCIM PatchOp object.");
        }
        if (!UserDraft.hasSchema(body, ScimDtos.PATCH_SCHEMA)) {
            throw ScimException.invalidSyntax("schemas must name " + ScimDtos.PATCH_SCHEMA + ".");
        }
        JsonNode operations = UserDraft.field(body, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidSyntax("Operations must be a non-empty array of {op, path, value}.");
        }
        UserDraft draft = current.copy();
        for (JsonNode operation : operations) {
            applyOne(draft, operation);
        }
        return draft;
    }

    private static void applyOne(UserDraft draft, JsonNode operation) {
        JsonNode opNode = UserDraft.field(operation, "op");
        String op = opNode != null && opNode.isTextual() ? opNode.asText().toLowerCase(Locale.ROOT) : "";
        JsonNode pathNode = UserDraft.field(operation, "path");
        String path = pathNode != null && pathNode.isTextual() && !pathNode.asText().isBlank() ? pathNode.asText() : null;
        JsonNode value = UserDraft.field(operation, "value");
        switch (op) {
            case "add", "replace" -> {
                if (path != null) {
                    draft.set(path, value);
                } else if (value != null && value.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        draft.set(field.getKey(), field.getValue());
                    }
                } else {
                    throw ScimException.invalidValue("An " + op + " without a path needs an object value of attributes.");
                }
            }
            case "remove" -> {
                if (path == null) {
                    throw new ScimException(ProblemType.INVALID_REQUEST, "noTarget",
                            "A remove needs a path.");
                }
                draft.set(path, null);
            }
            default -> throw ScimException.invalidSyntax("op must be add, replace or remove.");
        }
    }
}
