package org.agencyverify.officer;

import static org.agencyverify.officer.OfficerAction.ACTIVATE;
import static org.agencyverify.officer.OfficerAction.REINSTATE;
import static org.agencyverify.officer.OfficerAction.REMOVE;
import static org.agencyverify.officer.OfficerAction.SUSPEND;
import static org.agencyverify.officer.OfficerStatus.ACTIVE;
import static org.agencyverify.officer.OfficerStatus.INVITED;
import static org.agencyverify.officer.OfficerStatus.REVOKED;
import static org.agencyverify.officer.OfficerStatus.SUSPENDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every (status, action, history) combination, so a new status or action cannot slip through. */
class OfficerLifecycleTest {

    /** The whole allowed table; everything absent is refused. Key: from/action/everActivated. */
    private static final Map<String, OfficerStatus> ALLOWED = Map.ofEntries(
            Map.entry("INVITED/ACTIVATE/false", ACTIVE),
            Map.entry("INVITED/ACTIVATE/true", ACTIVE),
            Map.entry("INVITED/SUSPEND/false", SUSPENDED),
            Map.entry("INVITED/SUSPEND/true", SUSPENDED),
            Map.entry("INVITED/REMOVE/false", REVOKED),
            Map.entry("INVITED/REMOVE/true", REVOKED),
            Map.entry("ACTIVE/SUSPEND/false", SUSPENDED),
            Map.entry("ACTIVE/SUSPEND/true", SUSPENDED),
            Map.entry("ACTIVE/REMOVE/false", REVOKED),
            Map.entry("ACTIVE/REMOVE/true", REVOKED),
            Map.entry("SUSPENDED/REINSTATE/false", INVITED),
            Map.entry("SUSPENDED/REINSTATE/true", ACTIVE),
            Map.entry("SUSPENDED/REMOVE/false", REVOKED),
            Map.entry("SUSPENDED/REMOVE/true", REVOKED));

    @Test
    void everyTransitionIsExactlyTheTable() {
        int checked = 0;
        for (OfficerStatus from : OfficerStatus.values()) {
            for (OfficerAction action : OfficerAction.values()) {
                for (boolean everActivated : new boolean[] {false, true}) {
                    String key = from + "/" + action + "/" + everActivated;
                    assertEquals(Optional.ofNullable(ALLOWED.get(key)), OfficerLifecycle.next(from, action, everActivated), key);
                    checked++;
                }
            }
        }
        assertEquals(4 * 4 * 2, checked);
    }

    @Test
    void revokedIsTerminal() {
        for (OfficerAction action : OfficerAction.values()) {
            assertTrue(OfficerLifecycle.next(REVOKED, action, true).isEmpty(), action.name());
            assertTrue(OfficerLifecycle.next(REVOKED, action, false).isEmpty(), action.name());
        }
    }

    @Test
    void activeCannotBeActivatedAgainNorReinstated() {
        assertTrue(OfficerLifecycle.next(ACTIVE, ACTIVATE, true).isEmpty());
        assertTrue(OfficerLifecycle.next(ACTIVE, REINSTATE, true).isEmpty());
        assertTrue(OfficerLifecycle.next(INVITED, REINSTATE, false).isEmpty());
        assertTrue(OfficerLifecycle.next(SUSPENDED, SUSPEND, true).isEmpty());
        assertTrue(OfficerLifecycle.next(SUSPENDED, ACTIVATE, false).isEmpty());
    }

    @Test
    void onlyInvitedAndActiveOfficersMaySignIn() {
        assertTrue(OfficerLifecycle.maySignIn(INVITED));
        assertTrue(OfficerLifecycle.maySignIn(ACTIVE));
        assertFalse(OfficerLifecycle.maySignIn(SUSPENDED));
        assertFalse(OfficerLifecycle.maySignIn(REVOKED));
    }

    @Test
    void reinstateReturnsToWhereTheOfficerWas() {
        assertEquals(Optional.of(ACTIVE), OfficerLifecycle.next(SUSPENDED, REINSTATE, true));
        assertEquals(Optional.of(INVITED), OfficerLifecycle.next(SUSPENDED, REINSTATE, false));
        assertEquals(Optional.of(REVOKED), OfficerLifecycle.next(SUSPENDED, REMOVE, false));
    }
}
