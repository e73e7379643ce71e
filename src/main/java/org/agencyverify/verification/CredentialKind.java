package org.agencyverify.verification;

/** How the requester proved to be the officer. */
public enum CredentialKind {
    /** Password and OTP checked by Keycloak's direct grant (RFC 9700 discourages it; recorded in amr). */
    PASSWORD_OTP,
    /** An access token Keycloak issued to the officer (direct sign-in or the agency's federated IdP). */
    TOKEN,
    /**
     * Nobody authenticated the requester: a request that arrived by email, started through CIBA with the
     * sender's address only; the agency's contact confirms the sender (the token's acr says so).
     */
    NONE
}
