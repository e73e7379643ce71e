package org.agencyverify.officer;

/** What an agency admin or operator can do to an enrolled officer. */
public enum OfficerAction {
    ACTIVATE,
    SUSPEND,
    REINSTATE,
    REMOVE
}
