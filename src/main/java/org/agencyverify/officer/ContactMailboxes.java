package org.agencyverify.officer;

/**
 * Whether an email address is a contact's mailbox: an officer may not be enrolled at one (the other way
 * round, contact's {@code OfficerMailboxes}). Asked here, answered by the contact feature (which owns
 * the contacts), so that this feature need not depend on it.
 */
public interface ContactMailboxes {

    /** A PENDING or ACTIVE contact's mailbox, up to case and a {@code +tag}. */
    boolean isContactMailbox(String email);
}
