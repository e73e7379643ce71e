package org.agencyverify.agency;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.agencyverify.common.text.OneLine;

/** What the agency admin endpoints take and answer. */
public final class AdminDtos {

    private AdminDtos() {}

    /** A person who will administer the agency's officers. */
    public record AddAdmin(@NotBlank @Email @OneLine @Size(max = 320) String email, @NotBlank @OneLine @Size(max = 200) String name) {}

    public record AdminView(UUID id, UUID agencyId, String email, String name, String keycloakUserId, Instant createdAt) {
        static AdminView of(AgencyAdmin admin) {
            return new AdminView(admin.id, admin.agencyId, admin.email, admin.name, admin.keycloakUserId, admin.createdAt);
        }
    }
}
