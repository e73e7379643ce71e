package org.agencyverify.officer;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the audit trail keeps of an officer: enough to review a change, nothing secret. */
final class OfficerAudit {

    private OfficerAudit() {}

    static Map<String, Object> snapshot(Officer officer) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("agencyId", officer.agencyId.toString());
        state.put("email", officer.email);
        state.put("name", officer.name);
        state.put("badgeNumber", officer.badgeNumber);
        state.put("status", officer.status.name());
        state.put("keycloakUserId", officer.keycloakUserId);
        return state;
    }
}
