package org.agencyverify.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opening under the current key, then the previous ones, and the survey that reseals at start. */
class KeyRingTest {

    private final String oldKey = TestSecretsConfig.randomKey();
    private final String newKey = TestSecretsConfig.randomKey();
    private final String otherKey = TestSecretsConfig.randomKey();

    @Test
    void theCurrentKeySealsAndOpens() {
        KeyRing keys = KeyRing.fromBase64(newKey, List.of(oldKey));
        String sealed = keys.seal("hmac-secret", "row-1");
        assertEquals(new KeyRing.Opened("hmac-secret", false), keys.open(sealed, "row-1"));
        assertEquals("hmac-secret", SecretBox.fromBase64(newKey).open(sealed, "row-1"));
    }

    @Test
    void aPreviousKeyStillOpensWhatItSealedAndSaysSo() {
        String sealed = SecretBox.fromBase64(oldKey).seal("hmac-secret", "row-1");
        KeyRing keys = KeyRing.fromBase64(newKey, List.of(otherKey, oldKey));
        assertEquals(new KeyRing.Opened("hmac-secret", true), keys.open(sealed, "row-1"));
    }

    @Test
    void noConfiguredKeyOpensIt() {
        String sealed = SecretBox.fromBase64(otherKey).seal("hmac-secret", "signing-key:abc");
        UnreadableSecretException e = assertThrows(UnreadableSecretException.class,
                () -> KeyRing.fromBase64(newKey, List.of(oldKey)).open(sealed, "signing-key:abc"));
        assertEquals("signing-key", e.kind());
        assertFalse(e.getMessage().contains("abc"), e.getMessage());
        // Without previous keys, and for a value sealed for another row: the same refusal.
        String ours = SecretBox.fromBase64(newKey).seal("hmac-secret", "row-1");
        assertThrows(UnreadableSecretException.class, () -> KeyRing.fromBase64(newKey, List.of()).open(ours, "row-2"));
        assertThrows(UnreadableSecretException.class, () -> KeyRing.fromBase64(newKey, List.of()).open("garbage", "row-1"));
    }

    @Test
    void aMalformedPreviousKeyIsNamedByPositionNeverShown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.fromBase64(newKey, List.of(oldKey, "c2hvcnQ=")));
        assertEquals("previous key-encryption key number 2 must be base64 of 32 bytes", e.getMessage());
    }

    @Test
    void theSurveyResealsWhatOnlyAPreviousKeyOpensAndCountsWhatNothingOpens() {
        Rows rows = new Rows();
        rows.put("current", SecretBox.fromBase64(newKey).seal("a", "kind:current"));
        rows.put("previous", SecretBox.fromBase64(oldKey).seal("b", "kind:previous"));
        rows.put("lost", SecretBox.fromBase64(otherKey).seal("c", "kind:lost"));
        Map<String, String> before = new LinkedHashMap<>(rows.values);

        SecretsSurvey survey = SecretsSurvey.of(KeyRing.fromBase64(newKey, List.of(oldKey)), List.of(rows));

        assertEquals(List.of(new SecretsSurvey.KindReport("things", "stored things", 3, 1, 1)), survey.kinds());
        assertEquals(Map.of("things", 1), survey.resealedCounts());
        assertEquals(before.get("current"), rows.values.get("current"));
        assertEquals(before.get("lost"), rows.values.get("lost"));
        assertNotEquals(before.get("previous"), rows.values.get("previous"));
        assertEquals("b", SecretBox.fromBase64(newKey).open(rows.values.get("previous"), "kind:previous"));

        String problem = survey.problem();
        assertTrue(problem.startsWith("Neither the key-encryption key (AGENCY_VERIFY_SECRETS_KEY_ENCRYPTION_SECRET) nor the 1"
                + " previous key(s) in agency-verify.secrets.previous-key-encryption-secrets open 1 of 3 stored things: set the key"), problem);
        assertTrue(problem.contains("AGENCY_VERIFY_SECRETS_KEY_ENCRYPTION_SECRET"), problem);
        assertTrue(problem.contains("agency-verify.secrets.previous-key-encryption-secrets"), problem);
        for (String secret : List.of(newKey, oldKey, otherKey, before.get("lost"), "a", "b", "c")) {
            assertFalse(problem.contains(" " + secret + " ") || problem.contains(secret + ","), secret);
        }

        // A second survey (another replica, or the next start) finds nothing left to reseal.
        SecretsSurvey again = SecretsSurvey.of(KeyRing.fromBase64(newKey, List.of(oldKey)), List.of(rows));
        assertEquals(0, again.resealed());
    }

    @Test
    void aRowChangedMeanwhileIsNotCountedAsResealed() {
        Rows rows = new Rows();
        rows.put("previous", SecretBox.fromBase64(oldKey).seal("b", "kind:previous"));
        rows.resealedElsewhere = true;
        assertEquals(0, SecretsSurvey.of(KeyRing.fromBase64(newKey, List.of(oldKey)), List.of(rows)).resealed());
    }

    /** One kind's rows in memory: the compare-and-set a feature does under its row lock. */
    private static final class Rows implements SealedValues {
        final Map<String, String> values = new LinkedHashMap<>();
        boolean resealedElsewhere;

        void put(String id, String sealed) {
            values.put(id, sealed);
        }

        @Override
        public String kind() {
            return "things";
        }

        @Override
        public String description() {
            return "stored things";
        }

        @Override
        public List<Sealed> sealedValues() {
            List<Sealed> list = new ArrayList<>();
            values.forEach((id, sealed) -> list.add(new Sealed(id, sealed, "kind:" + id)));
            return list;
        }

        @Override
        public boolean reseal(Sealed value, String resealed) {
            if (resealedElsewhere || !value.sealed().equals(values.get(value.id()))) {
                return false;
            }
            values.put(value.id(), resealed);
            return true;
        }
    }
}
