package org.agencyverify.risk;

import java.util.Map;

/**
 * One signal that stands against a verification, with what triggered it.
 *
 * @param count    how many times the signal was seen in its window (1 for yes/no signals)
 * @param evidence what a reviewer needs (counts, windows, ids); never a secret or a full address
 */
public record Finding(Signal signal, long count, Map<String, Object> evidence) {

    public Finding {
        evidence = Map.copyOf(evidence);
        if (count < 1) {
            throw new IllegalArgumentException("a finding is seen at least once");
        }
    }

    public static Finding of(Signal signal, Map<String, Object> evidence) {
        return new Finding(signal, 1, evidence);
    }

    public String name() {
        return signal.slug();
    }
}
