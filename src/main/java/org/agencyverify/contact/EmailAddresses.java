package org.agencyverify.contact;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Email addresses as this service accepts them: a plain mailbox at a DNS name, stored lower case. */
public final class EmailAddresses {

    private static final Pattern MAILBOX = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private EmailAddresses() {}

    /** The normalized address, or empty when it is not a valid mailbox. */
    public static Optional<String> normalize(String email) {
        if (email == null) {
            return Optional.empty();
        }
        String trimmed = email.trim();
        if (trimmed.length() > 320 || !MAILBOX.matcher(trimmed).matches()
                || trimmed.startsWith(".") || trimmed.contains("..") || trimmed.contains(".@")) {
            return Optional.empty();
        }
        return Optional.of(trimmed.toLowerCase(Locale.ROOT));
    }
}
