package org.agencyverify.common.mail;

import java.util.Locale;

/**
 * When two addresses reach the same mailbox, for the rule that a contact's mailbox is never an
 * officer's (plain Java): compared without case, and without a {@code +tag} in the local part, which
 * most mail systems deliver to the untagged mailbox ({@code Jane+x@Y.gov} is {@code jane@y.gov}).
 * Erring towards "the same" only ever refuses a contact or an officer that could share a mailbox.
 */
public final class Mailboxes {

    private Mailboxes() {}

    /** The mailbox an address reaches: lower case, the local part cut at its first {@code +}. */
    public static String key(String email) {
        String address = email.strip().toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return address;
        }
        String local = address.substring(0, at);
        int plus = local.indexOf('+');
        return (plus < 0 ? local : local.substring(0, plus)) + address.substring(at);
    }

    public static boolean same(String a, String b) {
        return a != null && b != null && key(a).equals(key(b));
    }

    /**
     * A SQL {@code LIKE} pattern (escape character {@code \}) matched by every lower-cased address that may
     * reach the same mailbox, and by a few more: filter the candidates with {@link #same}.
     */
    public static String candidates(String email) {
        String key = key(email);
        int at = key.lastIndexOf('@');
        return at < 0 ? escape(key) : escape(key.substring(0, at)) + "%@" + escape(key.substring(at + 1));
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
