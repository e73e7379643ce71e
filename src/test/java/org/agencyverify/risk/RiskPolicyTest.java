package org.agencyverify.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every signal's decision, how findings combine, and the thresholds at their edge. */
class RiskPolicyTest {

    private final RiskPolicy policy = new RiskPolicy(3, 3);

    private static Finding finding(Signal signal) {
        return Finding.of(signal, Map.of());
    }

    private static final Map<Signal, RiskDecision> ALONE = new EnumMap<>(Map.of(
            Signal.VELOCITY, RiskDecision.MORE_CONFIRMATION,
            Signal.EMERGENCY_SPREAD, RiskDecision.SUSPEND_OFFICER,
            Signal.NEW_NETWORK, RiskDecision.MORE_CONFIRMATION,
            Signal.CONTACT_CHANGE, RiskDecision.MORE_CONFIRMATION,
            Signal.IDP_CHANGE, RiskDecision.MORE_CONFIRMATION,
            Signal.DOMAIN_PROOF_LOST, RiskDecision.MORE_CONFIRMATION,
            Signal.AGENCY_COMPROMISE_REPORT, RiskDecision.MORE_CONFIRMATION,
            Signal.OFFICER_COMPROMISE_REPORT, RiskDecision.DENY,
            Signal.PORTAL_REFUSED, RiskDecision.MORE_CONFIRMATION,
            Signal.CREDENTIAL_FAILURES, RiskDecision.MORE_CONFIRMATION));

    static {
        // The officer disowned an emailed request from their address: that request is denied with it.
        ALONE.put(Signal.MAILBOX_DISOWNED, RiskDecision.DENY);
    }

    @ParameterizedTest
    @EnumSource(Signal.class)
    void eachSignalAloneHasItsDecision(Signal signal) {
        assertEquals(ALONE.get(signal), policy.assess(List.of(finding(signal))).decision(), signal.name());
    }

    @Test
    void everySignalHasADecisionAndAName() {
        assertEquals(Signal.values().length, ALONE.size());
        assertEquals(Signal.values().length, java.util.Arrays.stream(Signal.values()).map(Signal::slug).distinct().count());
    }

    @Test
    void nothingFoundAllows() {
        assertEquals(RiskDecision.ALLOW, policy.assess(List.of()).decision());
    }

    @Test
    void portalRefusalsDenyAtTheirThreshold() {
        assertEquals(RiskDecision.MORE_CONFIRMATION, policy.assess(List.of(new Finding(Signal.PORTAL_REFUSED, 2, Map.of()))).decision());
        assertEquals(RiskDecision.DENY, policy.assess(List.of(new Finding(Signal.PORTAL_REFUSED, 3, Map.of()))).decision());
    }

    @Test
    void manyFindingsThatEachAskForMoreDenyAtTheThreshold() {
        assertEquals(RiskDecision.MORE_CONFIRMATION,
                policy.assess(List.of(finding(Signal.NEW_NETWORK), finding(Signal.VELOCITY))).decision());
        assertEquals(RiskDecision.DENY, policy.assess(List.of(finding(Signal.NEW_NETWORK), finding(Signal.VELOCITY),
                finding(Signal.CONTACT_CHANGE))).decision());
    }

    @Test
    void theStrongestDecisionWins() {
        assertEquals(RiskDecision.SUSPEND_OFFICER, policy.assess(List.of(finding(Signal.NEW_NETWORK),
                finding(Signal.EMERGENCY_SPREAD), finding(Signal.OFFICER_COMPROMISE_REPORT))).decision());
        assertEquals(RiskDecision.DENY, policy.assess(List.of(finding(Signal.OFFICER_COMPROMISE_REPORT),
                finding(Signal.NEW_NETWORK))).decision());
    }

    @Test
    void theAssessmentNamesItsFindingsInOrder() {
        assertEquals(List.of("new-network", "officer-velocity"),
                policy.assess(List.of(finding(Signal.NEW_NETWORK), finding(Signal.VELOCITY))).names());
    }

    @Test
    void nonsenseThresholdsAndCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RiskPolicy(1, 3));
        assertThrows(IllegalArgumentException.class, () -> new RiskPolicy(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new Finding(Signal.VELOCITY, 0, Map.of()));
    }

    @Test
    void decisionsOrderFromMildToStrong() {
        assertEquals(RiskDecision.DENY, RiskDecision.MORE_CONFIRMATION.atLeast(RiskDecision.DENY));
        assertEquals(RiskDecision.DENY, RiskDecision.DENY.atLeast(RiskDecision.ALLOW));
    }
}
