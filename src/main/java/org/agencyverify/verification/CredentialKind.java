package org.agencyverify.verification;

/** How the requester proved to be the officer. */
public enum CredentialKind {
    /** Password and OTP checked by Keycloak's direct grant (RFC 9700 discourages it; recorded in amr). */
    PASSWORD_OTP,
    /** An access token Keycloak issued to the officer (direct sign-in or the agency's federated IdP). */
    TOKEN
}
