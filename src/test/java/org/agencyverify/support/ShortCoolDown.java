package org.agencyverify.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import org.agencyverify.contact.GreenMailServer;

/**
 * Pending contact and identity-provider changes that wait seconds, not days: a short cool-down, a worker
 * that looks every second, notices retried quickly, and a real SMTP server (GreenMail) for email notices.
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

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GreenMailServer.class));
    }
}
