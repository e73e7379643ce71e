package org.agencyverify.verification;

/**
 * Which refused credential checks count against the officer (the credential-failures finding, the
 * run of consecutive failures that suspends): only what a stranger cannot produce at will. Plain Java.
 * <ul>
 * <li>Password and code: Keycloak took the officer's password but not the code. Only someone who
 * holds the password gets this far (the officer mistyping, or a thief of the password).</li>
 * <li>Token: a token Keycloak signed for this officer (signature, issuer, audience and expiry
 * checked) that the rules refused (stale, too weak, another agency's IdP). Only the officer's own
 * sign-in, or a theft of it, makes one.</li>
 * </ul>
 * Everything else counts only against the portal and requester it came from: an unknown user, a
 * wrong password, a junk or forged token, another person's token. Anyone can send those.
 */
public final class OfficerFailureRule {

    private OfficerFailureRule() {}

    /**
     * @param kind           the credentials the requester sent
     * @param check          what Keycloak said of them; null when they were never checked
     * @param refusal        the reason the start was refused; null when it passed
     * @param officerUserId  the Keycloak user of the ACTIVE officer asked for; null when there is none
     */
    public static boolean counts(CredentialKind kind, CredentialCheck.Result check, String refusal, String officerUserId) {
        if (refusal == null || check == null || officerUserId == null) {
            return false;
        }
        return switch (kind) {
            case PASSWORD_OTP -> CredentialCheck.SECOND_FACTOR_FAILED.equals(check.refusal());
            case TOKEN -> check.passed() && officerUserId.equals(check.subject());
            // No credentials were sent (an emailed request): nothing of the officer's was tried.
            case NONE -> false;
        };
    }
}
