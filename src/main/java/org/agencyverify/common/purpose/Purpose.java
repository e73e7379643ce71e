package org.agencyverify.common.purpose;

import java.util.Arrays;
import java.util.Optional;

/** Why the requester asks a portal for data; each purpose has its own purpose policy (see the verification feature). */
public enum Purpose {
    SUBPOENA,
    COURT_ORDER,
    SEARCH_WARRANT,
    PRESERVATION,
    /** An Emergency Data Request: the stricter tier. */
    EMERGENCY;

    /** The pattern request validation uses; kept here so the API and the enum cannot drift. */
    public static final String PATTERN = "SUBPOENA|COURT_ORDER|SEARCH_WARRANT|PRESERVATION|EMERGENCY";

    public static Optional<Purpose> parse(String value) {
        return Arrays.stream(values()).filter(p -> p.name().equals(value)).findFirst();
    }
}
