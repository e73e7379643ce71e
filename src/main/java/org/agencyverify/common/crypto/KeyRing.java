package org.agencyverify.common.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * The key-encryption keys: the current one seals and is tried first; previous ones (a rotation in
 * progress) still open what they sealed, until every such value was resealed under the current key.
 */
public final class KeyRing {

    /** An opened value, and whether only a previous key opened it (so it should be resealed). */
    public record Opened(String plaintext, boolean underPrevious) {
        @Override
        public String toString() {
            return "Opened[underPrevious=" + underPrevious + "]";
        }
    }

    private final SecretBox current;
    private final List<SecretBox> previous;

    public KeyRing(SecretBox current, List<SecretBox> previous) {
        this.current = current;
        this.previous = List.copyOf(previous);
    }

    /** Keys given as base64 of 32 bytes; a bad previous key is named by its position, never shown. */
    public static KeyRing fromBase64(String current, List<String> previous) {
        List<SecretBox> boxes = new ArrayList<>();
        for (int i = 0; i < previous.size(); i++) {
            try {
                boxes.add(SecretBox.fromBase64(previous.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("previous key-encryption key number " + (i + 1) + " must be base64 of 32 bytes");
            }
        }
        return new KeyRing(SecretBox.fromBase64(current), boxes);
    }

    public int previousKeys() {
        return previous.size();
    }

    public String seal(String plaintext, String context) {
        return current.seal(plaintext, context);
    }

    /** Opens under the current key, else under each previous one in turn; throws when none opens it. */
    public Opened open(String sealed, String context) {
        try {
            return new Opened(current.open(sealed, context), false);
        } catch (IllegalArgumentException notCurrent) {
            for (SecretBox box : previous) {
                try {
                    return new Opened(box.open(sealed, context), true);
                } catch (IllegalArgumentException notThisOne) {
                    // try the next previous key
                }
            }
        }
        throw new UnreadableSecretException(context);
    }
}
