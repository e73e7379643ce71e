package org.agencyverify.common.ratelimit;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Small limits for the edge tests only (the %test ones are generous, for the rest of the suite).
 * Verification-start limits are ordered so that each test reaches only its own rule. The test client
 * on 127.0.0.1 is a trusted proxy here, so each test picks its caller IP with X-Forwarded-For, and the
 * requester with requesterAddress.
 */
public class TightLimits implements QuarkusTestProfile {

    static final String PREFIX = "agency-verify.rate-limits.";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                Map.entry("quarkus.http.proxy.trusted-proxies", "127.0.0.1"),
                // Refusals are padded to this floor; the edge tests make many of them.
                Map.entry("agency-verify.verification.refusal-floor", "10MS"),
                Map.entry(PREFIX + "verification-start.per-ip", "2/1M"),
                Map.entry(PREFIX + "verification-start.per-requester", "3/1M"),
                Map.entry(PREFIX + "verification-start.per-requester-email", "2/3S"),
                Map.entry(PREFIX + "verification-start.per-officer", "3/1M"),
                Map.entry(PREFIX + "verification-start.per-agency", "4/1M"),
                Map.entry(PREFIX + "verification-start.per-portal", "6/1M"),
                Map.entry(PREFIX + "verification-start.per-sender", "2/1M"),
                Map.entry(PREFIX + "confirmation.per-ip", "3/1M"),
                Map.entry(PREFIX + "confirmation.per-confirmation", "2/1M"),
                Map.entry(PREFIX + "introspection.per-portal", "3/2S"),
                Map.entry(PREFIX + "revocation.per-portal", "2/1M"),
                Map.entry(PREFIX + "admin.per-caller", "10/1M"));
    }
}
