package org.agencyverify.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Pending contact and identity-provider changes that wait seconds, not days: a short cool-down, a worker
 * that looks every second, notices retried quickly (email notices go to the shared GreenMail: SharedTestServers).
 */
public class ShortCoolDown implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "agency-verify.contacts.cool-down", "PT3S",
                "agency-verify.contacts.worker-interval", "1s",
                "agency-verify.contacts.retry-backoff", "PT0.5S",
                "agency-verify.contacts.max-attempts", "30");
    }
}
