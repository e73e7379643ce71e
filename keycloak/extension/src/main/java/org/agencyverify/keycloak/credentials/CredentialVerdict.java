package org.agencyverify.keycloak.credentials;

import java.util.function.BooleanSupplier;

/**
 * The answer of the service's credential check (plain Java, no Keycloak types): whether the user, the
 * password and the one-time code are the officer's, in that order. The one-time code is tried only
 * after the password passed: a stranger's guess never spends the officer's current code (Keycloak
 * takes each code once).
 */
public enum CredentialVerdict {
    /** User, password and one-time code all hold. */
    PASSED(null),
    /** No usable user (unknown, disabled, a service account), or the password is wrong. */
    PASSWORD("password"),
    /** The password was right but the user has no one-time-code credential: never enough for the service. */
    NO_SECOND_FACTOR("no-otp"),
    /** The password was right, the one-time code wrong or missing: someone holds the officer's password. */
    SECOND_FACTOR("otp");

    private final String failedFactor;

    CredentialVerdict(String failedFactor) {
        this.failedFactor = failedFactor;
    }

    /**
     * What the service reads from a refusal ({@code failed_factor}): {@code password}, {@code no-otp} or {@code otp}.
     * Only the service, with its client's secret, ever sees it.
     */
    public String failedFactor() {
        return failedFactor;
    }

    /**
     * @param usableUser  a user was found, is enabled and is a person (not a service account)
     * @param password    checks the password; called only for a usable user
     * @param hasOtp      whether the user has a one-time-code credential; called only after the password passed
     * @param otp         checks the code; called only for a user with a one-time-code credential and the right password
     */
    public static CredentialVerdict of(boolean usableUser, BooleanSupplier password, BooleanSupplier hasOtp, BooleanSupplier otp) {
        if (!usableUser || !password.getAsBoolean()) {
            return PASSWORD;
        }
        if (!hasOtp.getAsBoolean()) {
            return NO_SECOND_FACTOR;
        }
        return otp.getAsBoolean() ? PASSED : SECOND_FACTOR;
    }
}
