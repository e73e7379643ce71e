package org.agencyverify.agency;

/** PENDING until an operator vets and activates it; only ACTIVE agencies can have requests verified. */
public enum AgencyStatus {
    PENDING,
    ACTIVE,
    SUSPENDED
}
