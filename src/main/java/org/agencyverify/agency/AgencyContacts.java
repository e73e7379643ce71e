package org.agencyverify.agency;

import java.util.UUID;

/**
 * An agency's contacts as this feature needs them (an agency becomes ACTIVE only with an ACTIVE
 * contact): asked here, answered by the contact feature (which owns the contacts), so that this
 * feature need not depend on it.
 */
public interface AgencyContacts {

    /** How many ACTIVE contacts the agency has. */
    long countActive(UUID agencyId);
}
