package org.agencyverify.agency;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What counts as a domain an agency can claim: a fully qualified host name in ASCII (IDNs in their
 * xn-- form), at least two labels, an alphabetic top-level label (so no IP address), no wildcard,
 * no underscore, no port, path or spaces. Lower-cased; one trailing dot is dropped.
 */
public final class DomainNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern TOP_LABEL = Pattern.compile("(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})");
    private static final int MAX_LENGTH = 253;

    private DomainNames() {}

    /** The canonical form of {@code input}, or empty when it is not an acceptable domain. */
    public static Optional<String> normalize(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String domain = input.strip().toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.isEmpty() || domain.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        if (!TOP_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return Optional.empty();
        }
        return Optional.of(domain);
    }
}
