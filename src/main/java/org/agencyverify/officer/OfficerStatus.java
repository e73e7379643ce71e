package org.agencyverify.officer;

/** Where an officer stands; only ACTIVE officers can ever be vouched for. */
public enum OfficerStatus {
    /** Enrolled; has not finished setting a password and a second factor (or federated sign-in). */
    INVITED,
    ACTIVE,
    /** Keycloak user disabled; may be reinstated. */
    SUSPENDED,
    /** Removed for good; Keycloak user disabled. Terminal. */
    REVOKED
}
