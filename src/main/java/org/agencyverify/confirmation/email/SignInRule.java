package org.agencyverify.confirmation.email;

import java.util.Set;

/**
 * Whether a contact's sign-in is strong enough to answer a confirmation: the ID token's {@code amr}
 * must name every required method (a second factor; email alone never approves). Plain Java.
 */
public final class SignInRule {

    private SignInRule() {}

    public static boolean strongEnough(Set<String> amr, Set<String> required) {
        return !required.isEmpty() && amr.containsAll(required);
    }
}
