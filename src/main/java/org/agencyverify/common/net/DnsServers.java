package org.agencyverify.common.net;

import java.net.UnknownHostException;
import java.time.Duration;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/** A DNS server named in configuration as {@code host} or {@code host:port}, asked through dnsjava. */
public final class DnsServers {

    private DnsServers() {}

    /** A resolver that asks only this server, each query within {@code timeout}. */
    public static Resolver of(String configured, Duration timeout) throws UnknownHostException {
        String server = configured.strip();
        int colon = server.lastIndexOf(':');
        boolean hasPort = colon > 0 && server.indexOf(':') == colon;
        SimpleResolver simple = new SimpleResolver(hasPort ? server.substring(0, colon) : server);
        if (hasPort) {
            simple.setPort(Integer.parseInt(server.substring(colon + 1)));
        }
        simple.setTimeout(timeout);
        return simple;
    }
}
