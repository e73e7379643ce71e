package org.agencyverify.contact;

/**
 * Whether an email address is an officer's mailbox. A contact may never be one: a stolen officer
 * mailbox must not be able to confirm that officer's requests.
 */
public interface OfficerMailboxes {

    boolean isOfficerMailbox(String email);
}
