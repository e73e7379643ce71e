package org.agencyverify.agency;

import java.util.Locale;
import java.util.Optional;

/** What kind of public body an agency is; the .gov registry's domain types map onto these. */
public enum AgencyKind {
    CITY, COUNTY, STATE, FEDERAL, TRIBAL, SPECIAL_DISTRICT, SCHOOL_DISTRICT, INTERSTATE, OTHER;

    /** The kind for a .gov registry "Domain type" (e.g. "County - Election", "Federal - Executive"). */
    public static Optional<AgencyKind> fromDotgovType(String type) {
        if (type == null || type.isBlank()) {
            return Optional.empty();
        }
        String base = type.split(" - ", 2)[0].trim().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (base) {
            case "city" -> CITY;
            case "county" -> COUNTY;
            case "state or territory" -> STATE;
            case "federal" -> FEDERAL;
            case "tribal" -> TRIBAL;
            case "special district" -> SPECIAL_DISTRICT;
            case "school district" -> SCHOOL_DISTRICT;
            case "interstate" -> INTERSTATE;
            default -> null;
        });
    }
}
