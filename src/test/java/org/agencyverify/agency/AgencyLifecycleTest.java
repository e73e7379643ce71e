package org.agencyverify.agency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.agencyverify.agency.AgencyLifecycle.Action;
import org.junit.jupiter.api.Test;

class AgencyLifecycleTest {

    @Test
    void allowedTransitions() {
        assertEquals(AgencyStatus.ACTIVE, AgencyLifecycle.next(AgencyStatus.PENDING, Action.ACTIVATE));
        assertEquals(AgencyStatus.SUSPENDED, AgencyLifecycle.next(AgencyStatus.ACTIVE, Action.SUSPEND));
        assertEquals(AgencyStatus.ACTIVE, AgencyLifecycle.next(AgencyStatus.SUSPENDED, Action.REINSTATE));
    }

    @Test
    void everyOtherTransitionIsRefused() {
        int refused = 0;
        for (AgencyStatus from : AgencyStatus.values()) {
            for (Action action : Action.values()) {
                boolean allowed = (from == AgencyStatus.PENDING && action == Action.ACTIVATE)
                        || (from == AgencyStatus.ACTIVE && action == Action.SUSPEND)
                        || (from == AgencyStatus.SUSPENDED && action == Action.REINSTATE);
                if (!allowed) {
                    var e = assertThrows(AgencyLifecycle.IllegalTransitionException.class, () -> AgencyLifecycle.next(from, action));
                    assertEquals(from, e.from());
                    refused++;
                }
            }
        }
        assertEquals(6, refused);
    }

    @Test
    void onlyBecomingActiveNeedsPrerequisites() {
        assertTrue(AgencyLifecycle.needsPrerequisites(AgencyStatus.ACTIVE));
        assertFalse(AgencyLifecycle.needsPrerequisites(AgencyStatus.SUSPENDED));
    }

    @Test
    void missingPrerequisitesAreNamed() {
        assertEquals(List.of("a proved domain", "an ACTIVE contact"), AgencyLifecycle.missingForActive(0, 0));
        assertEquals(List.of("an ACTIVE contact"), AgencyLifecycle.missingForActive(1, 0));
        assertEquals(List.of("a proved domain"), AgencyLifecycle.missingForActive(0, 2));
        assertEquals(List.of(), AgencyLifecycle.missingForActive(1, 1));
    }

    @Test
    void dotgovTypesMapToKinds() {
        assertEquals(AgencyKind.COUNTY, AgencyKind.fromDotgovType("County - Election").orElseThrow());
        assertEquals(AgencyKind.STATE, AgencyKind.fromDotgovType("State or territory").orElseThrow());
        assertEquals(AgencyKind.FEDERAL, AgencyKind.fromDotgovType("Federal - Executive").orElseThrow());
        assertEquals(AgencyKind.SPECIAL_DISTRICT, AgencyKind.fromDotgovType("Special district").orElseThrow());
        assertTrue(AgencyKind.fromDotgovType("Galactic").isEmpty());
        assertTrue(AgencyKind.fromDotgovType("").isEmpty());
    }
}
