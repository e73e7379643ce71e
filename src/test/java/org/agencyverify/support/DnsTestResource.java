package org.agencyverify.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts a {@link DnsServer} for a test class and points the service's resolver at it. */
public class DnsTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile DnsServer server;

    /** The running server, for tests that publish or remove records. */
    public static DnsServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new DnsServer();
        server.start();
        return Map.of("agency-verify.agencies.domains.resolver", "127.0.0.1:" + server.port(),
                "agency-verify.agencies.domains.lookup-timeout", "2S");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
