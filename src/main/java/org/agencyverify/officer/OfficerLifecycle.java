package org.agencyverify.officer;

import java.util.Optional;

/**
 * The officer state rules, plain Java. INVITED becomes ACTIVE by an explicit activation once the
 * officer finished setting up sign-in; ACTIVE and INVITED officers can be suspended; a suspended
 * officer is reinstated to where they were (ACTIVE if ever activated, else INVITED); anything but a
 * revoked officer can be removed; REVOKED is terminal.
 */
public final class OfficerLifecycle {

    private OfficerLifecycle() {}

    /**
     * The status after {@code action}, or empty when the action is not allowed from {@code from}.
     *
     * @param everActivated whether the officer was ACTIVE at some point (decides where REINSTATE leads)
     */
    public static Optional<OfficerStatus> next(OfficerStatus from, OfficerAction action, boolean everActivated) {
        return Optional.ofNullable(switch (action) {
            case ACTIVATE -> from == OfficerStatus.INVITED ? OfficerStatus.ACTIVE : null;
            case SUSPEND -> from == OfficerStatus.INVITED || from == OfficerStatus.ACTIVE ? OfficerStatus.SUSPENDED : null;
            case REINSTATE -> from == OfficerStatus.SUSPENDED
                    ? (everActivated ? OfficerStatus.ACTIVE : OfficerStatus.INVITED)
                    : null;
            case REMOVE -> from != OfficerStatus.REVOKED ? OfficerStatus.REVOKED : null;
        });
    }

    /** Whether the officer's Keycloak user must be enabled in this status. */
    public static boolean maySignIn(OfficerStatus status) {
        return status == OfficerStatus.INVITED || status == OfficerStatus.ACTIVE;
    }
}
