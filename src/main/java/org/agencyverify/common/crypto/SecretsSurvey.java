package org.agencyverify.common.crypto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Every stored sealed value tried under the configured keys, kind by kind: how many do not open, and
 * how many only a previous key opened and were resealed under the current one. Plain Java; the lines
 * it writes name kinds and counts, never a key or a value.
 */
public record SecretsSurvey(List<KindReport> kinds, int previousKeys) {

    static final String KEY_ENV = "AGENCY_VERIFY_SECRETS_KEY_ENCRYPTION_SECRET";
    static final String PREVIOUS_PROPERTY = "agency-verify.secrets.previous-key-encryption-secrets";
    static final String PREVIOUS_ENV = "AGENCY_VERIFY_SECRETS_PREVIOUS_KEY_ENCRYPTION_SECRETS";

    /** What one kind's rows came to. */
    public record KindReport(String kind, String description, int total, int unreadable, int resealed) {}

    public SecretsSurvey {
        kinds = List.copyOf(kinds);
    }

    /** Tries (and where needed reseals) every value of every kind. */
    public static SecretsSurvey of(KeyRing keys, Iterable<SealedValues> kinds) {
        List<SealedValues> ordered = new ArrayList<>();
        kinds.forEach(ordered::add);
        // Beans come in no fixed order: by name, so every replica's line reads the same.
        ordered.sort(Comparator.comparing(SealedValues::kind));
        return new SecretsSurvey(ordered.stream().map(kind -> survey(keys, kind)).toList(), keys.previousKeys());
    }

    private static KindReport survey(KeyRing keys, SealedValues kind) {
        List<SealedValues.Sealed> values = kind.sealedValues();
        int unreadable = 0;
        int resealed = 0;
        for (SealedValues.Sealed value : values) {
            KeyRing.Opened opened;
            try {
                opened = keys.open(value.sealed(), value.context());
            } catch (UnreadableSecretException e) {
                unreadable++;
                continue;
            }
            if (opened.underPrevious() && kind.reseal(value, keys.seal(opened.plaintext(), value.context()))) {
                resealed++;
            }
        }
        return new KindReport(kind.kind(), kind.description(), values.size(), unreadable, resealed);
    }

    public int unreadable() {
        return sum(KindReport::unreadable);
    }

    public int resealed() {
        return sum(KindReport::resealed);
    }

    /** Resealed values per kind, for the audit event (kinds with none left out). */
    public Map<String, Integer> resealedCounts() {
        return kinds.stream().filter(k -> k.resealed() > 0)
                .collect(Collectors.toMap(KindReport::kind, KindReport::resealed, Integer::sum, LinkedHashMap::new));
    }

    /** The one line that says what does not open and what to do. */
    public String problem() {
        String counts = kinds.stream().filter(k -> k.unreadable() > 0)
                .map(k -> k.unreadable() + " of " + k.total() + " " + k.description()).collect(Collectors.joining(", "));
        String keys = previousKeys == 0 ? "The key-encryption key (" + KEY_ENV + ") does not"
                : "Neither the key-encryption key (" + KEY_ENV + ") nor the " + previousKeys + " previous key(s) in "
                        + PREVIOUS_PROPERTY;
        return keys + " open " + counts + ": set the key they were sealed under, or list it in " + PREVIOUS_PROPERTY + " ("
                + PREVIOUS_ENV + ") to reseal them. The service stays not ready (readiness check stored-secrets) until then.";
    }

    /** The line after a reseal. */
    public String resealedLine() {
        String counts = kinds.stream().filter(k -> k.resealed() > 0)
                .map(k -> k.resealed() + " " + k.description()).collect(Collectors.joining(", "));
        return "Resealed under the current key-encryption key: " + counts + " (audited as secrets.resealed). Once every"
                + " replica runs with this key, remove the previous key(s) from " + PREVIOUS_PROPERTY + ".";
    }

    private int sum(ToIntFunction<KindReport> count) {
        return kinds.stream().mapToInt(count).sum();
    }
}
