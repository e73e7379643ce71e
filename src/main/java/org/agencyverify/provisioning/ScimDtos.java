package org.agencyverify.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** SCIM's resources as this service answers them (RFC 7643 4.1, RFC 7644 3.4.2). */
final class ScimDtos {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private ScimDtos() {}

    /** An officer as a SCIM User; {@code id} is the officer's id. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ScimUser")
    record User(List<String> schemas, String id, String externalId, String userName, Name name, String displayName,
            List<Email> emails, boolean active, Meta meta) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ScimName")
    record Name(String formatted, String familyName, String givenName) {}

    @Schema(name = "ScimEmail")
    record Email(String value, String type, boolean primary) {}

    @Schema(name = "ScimMeta")
    record Meta(String resourceType, Instant created, Instant lastModified, String location) {}

    /** RFC 7644 3.5.2's PATCH body (documentation: the service reads it leniently, see {@link UserPatch}). */
    @Schema(name = "ScimPatchOp")
    record PatchOp(List<String> schemas, @JsonProperty("Operations") List<Operation> operations) {}

    /** One operation: add, replace or remove (any case); no path means the value holds the attributes. */
    @Schema(name = "ScimPatchOperation")
    record Operation(String op, String path, Object value) {}

    @Schema(name = "ScimListResponse")
    record ListResponse<T>(List<String> schemas, long totalResults, int startIndex, int itemsPerPage,
            @JsonProperty("Resources") List<T> resources) {}
}
