package org.agencyverify.audit.review;

import java.util.UUID;
import org.agencyverify.common.security.Caller;

/**
 * Whether a caller administers an agency: asked here to scope an agency admin's audit search, answered
 * by the agency feature (which knows its admins), so that audit, below agency, need not depend on it.
 */
public interface AgencyAdministration {

    boolean administers(Caller caller, UUID agencyId);
}
