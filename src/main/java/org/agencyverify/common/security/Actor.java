package org.agencyverify.common.security;

/** Who did something, as the audit trail names them: {@code kind:id}, e.g. {@code operator:<keycloak id>}. */
public record Actor(String kind, String id) {

    public static final Actor SYSTEM = new Actor("system", "agency-verify");

    @Override
    public String toString() {
        return kind + ":" + id;
    }
}
