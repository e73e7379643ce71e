package org.agencyverify.agency;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.text.OneLine;

/** What the agency endpoints take and answer. */
public final class AgencyDtos {

    private AgencyDtos() {}

    /** A new agency, PENDING until an operator activates it. */
    public record CreateAgency(
            @NotBlank @OneLine @Size(max = 200) String name,
            @NotNull AgencyKind kind,
            @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code in upper case") String country,
            @OneLine @Size(max = 100) String region) {}

    /** An agency as the API shows it. */
    public record AgencyView(UUID id, String name, String kind, String country, String region, AgencyStatus status,
            String source, String keycloakOrganizationId, int emergencyApprovers, Instant createdAt, Instant updatedAt) {

        static AgencyView of(Agency agency) {
            return new AgencyView(agency.id, agency.name, agency.kind, agency.country, agency.region, agency.status,
                    agency.source, agency.keycloakOrgId, agency.emergencyApprovers, agency.createdAt, agency.updatedAt);
        }
    }

    /** How many SUPERVISOR contacts must approve each of the agency's emergency requests. */
    public record EmergencyApprovers(@NotNull @Min(1) @Max(2) Integer approvers) {}

    /** One page of agencies, in a stable order (name, then id). */
    public record AgencyPage(List<AgencyView> items, int page, int size, long total) {}

    /** The filters of a list; null means "any". */
    public record AgencyFilter(AgencyStatus status, String country, String region, String kind, String nameContains) {}
}
