package org.agencyverify.common.crypto;

/**
 * A stored secret that no configured key-encryption key opens: sealed under another key, or altered.
 * Carries only the kind of value (the context's first part, e.g. {@code signing-key}), never the value.
 */
public class UnreadableSecretException extends RuntimeException {

    private final String kind;

    public UnreadableSecretException(String context) {
        super("a stored " + kindOf(context) + " does not open under the configured key-encryption key(s)");
        this.kind = kindOf(context);
    }

    /** Which kind of stored value: {@code signing-key}, {@code trust-token}, ... */
    public String kind() {
        return kind;
    }

    /** The context names its row after the kind ("signing-key:kid"); only the kind is told. */
    static String kindOf(String context) {
        int colon = context == null ? -1 : context.indexOf(':');
        return colon < 0 ? "secret" : context.substring(0, colon);
    }
}
