package org.agencyverify.confirmation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How signed answers of agency systems are accepted. */
@ConfigMapping(prefix = "agency-verify.confirmations")
public interface ConfirmationConfig {

    /** How far a signed answer's {@code webhook-timestamp} may be from our clock, either way. */
    @WithDefault("5M")
    Duration signatureTolerance();

    /** How long an answer's {@code webhook-id} is remembered to refuse replays; longer than twice the tolerance. */
    @WithDefault("15M")
    Duration replayWindow();
}
