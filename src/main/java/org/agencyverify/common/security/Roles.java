package org.agencyverify.common.security;

/** Realm roles in the service's Keycloak realm (keycloak/realm-agency-verify.json). */
public final class Roles {
    public static final String OPERATOR = "operator";
    public static final String AGENCY_ADMIN = "agency-admin";
    public static final String OFFICER = "officer";
    public static final String CONTACT = "contact";
    public static final String PORTAL = "portal";

    private Roles() {}
}
