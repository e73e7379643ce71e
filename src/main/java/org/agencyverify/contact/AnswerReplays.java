package org.agencyverify.contact;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;

/**
 * Remembers the webhook-id of every message a contact signs (decisions and compromise reports alike)
 * for the replay window (Redis; down is a 503, never a pass).
 */
@ApplicationScoped
public class AnswerReplays {

    private final ValueCommands<String, String> values;
    private final String prefix;
    private final SignedMessageConfig config;

    AnswerReplays(RedisDataSource redis, AgencyVerifyConfig service, SignedMessageConfig config) {
        this.values = redis.value(String.class);
        // The key it had under confirmation: ids remembered before an upgrade still count.
        this.prefix = service.redis().keyPrefix() + "confirmation:answer-id:";
        this.config = config;
    }

    /** True the first time this contact uses {@code webhookId}; false for a replay. */
    public boolean firstUse(UUID contactId, String webhookId) {
        // Hashed: the id is the caller's string, of any length and alphabet.
        String key = prefix + contactId + ":" + sha256(webhookId);
        try {
            return values.setGet(key, "1", new SetArgs().nx().px(config.replayWindow())) == null;
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis", e);
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
