package org.agencyverify.contact;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How messages signed by agency systems (confirmation decisions, compromise reports) are accepted.
 * The keys keep the prefix they were first published under, {@code agency-verify.confirmations}: deployments set them.
 */
@ConfigMapping(prefix = "agency-verify.confirmations")
public interface SignedMessageConfig {

    /** How far a signed message's {@code webhook-timestamp} may be from our clock, either way. */
    @WithDefault("5M")
    Duration signatureTolerance();

    /** How long a message's {@code webhook-id} is remembered to refuse replays; longer than twice the tolerance. */
    @WithDefault("15M")
    Duration replayWindow();
}
