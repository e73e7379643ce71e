package org.agencyverify.support;

import io.quarkus.test.common.QuarkusTestResource;
import org.agencyverify.contact.GreenMailServer;

/**
 * Real servers every Quarkus start of the tests gets (not restricted to a class, so they apply to all):
 * SMTP (GreenMail: mail is really sent, never mocked) and the DNS server domain proofs ask. Shared
 * rather than per test profile, because each profile restarts Quarkus, the suite's costliest step.
 * Tests read only what they sent (mail by their own unique addresses, DNS records under their own domains).
 */
@QuarkusTestResource(GreenMailServer.class)
@QuarkusTestResource(DnsTestResource.class)
public final class SharedTestServers {

    private SharedTestServers() {}
}
