package org.agencyverify.common.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Keys of their own for one use, derived from the key-encryption keys (HMAC as a PRF with a label): the
 * current key's first, then each previous key's, so what was made before a rotation still checks.
 */
public final class DerivedKeys {

    private DerivedKeys() {}

    public static List<byte[]> of(SecretsConfig config, String label) {
        List<String> secrets = new ArrayList<>(List.of(config.keyEncryptionSecret()));
        secrets.addAll(config.previousKeyEncryptionSecrets().orElse(List.of()));
        byte[] data = label.getBytes(StandardCharsets.UTF_8);
        return secrets.stream().map(s -> Hmacs.sha256(Base64.getDecoder().decode(s.trim()), data)).toList();
    }
}
