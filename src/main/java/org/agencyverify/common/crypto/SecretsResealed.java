package org.agencyverify.common.crypto;

import java.util.Map;

/** Fired (in a transaction) once values were resealed under the current key: how many, per kind. */
public record SecretsResealed(Map<String, Integer> counts) {
    public SecretsResealed {
        counts = Map.copyOf(counts);
    }
}
