package org.agencyverify.verification;

import java.security.SecureRandom;

/** The short code a requester and the confirming contact both see (XXXX-XXXX, no look-alike letters or digits). */
public final class BindingCodes {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BindingCodes() {}

    public static String draw() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
