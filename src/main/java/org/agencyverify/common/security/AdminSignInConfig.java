package org.agencyverify.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Set;

/** How strong and how recent an operator's or agency admin's sign-in must be (RFC 9470 step-up otherwise). */
@ConfigMapping(prefix = "agency-verify.admin-sign-in")
public interface AdminSignInConfig {

    /** {@code amr} values (RFC 8176) of which the sign-in must show at least one: a second factor. */
    @WithDefault("otp,mfa,hwk,swk,webauthn,fido")
    Set<String> strongAmr();

    /** How long ago the sign-in ({@code auth_time}) may be; also the {@code max_age} of the step-up challenge. */
    @WithDefault("1H")
    Duration maxAuthAge();
}
