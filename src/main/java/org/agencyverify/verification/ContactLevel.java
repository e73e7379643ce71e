package org.agencyverify.verification;

/** The lowest contact level a purpose accepts as confirmer. */
public enum ContactLevel {
    STANDARD,
    SUPERVISOR;

    public boolean satisfies(ContactLevel required) {
        return required == STANDARD || this == SUPERVISOR;
    }
}
