package org.agencyverify.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * How outbound calls turn a host name into addresses: the system resolver, or (configured) one DNS
 * server asked directly for A and AAAA records, without a cache or the hosts file. IP literals are
 * never looked up.
 */
public final class OutboundResolver implements OutboundUrlPolicy.Resolver {

    private final Resolver dns;

    /** @param server {@code host[:port]} of a DNS server; empty: the system resolver */
    public OutboundResolver(Optional<String> server, Duration timeout) throws UnknownHostException {
        this.dns = server.isPresent() ? DnsServers.of(server.get(), timeout) : null;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (dns == null) {
            return InetAddress.getAllByName(host);
        }
        try {
            return new InetAddress[] {Address.getByAddress(host)};
        } catch (UnknownHostException notALiteral) {
            // a name: ask the configured server below
        }
        List<InetAddress> addresses = new ArrayList<>();
        addresses.addAll(lookup(host, Type.A));
        addresses.addAll(lookup(host, Type.AAAA));
        if (addresses.isEmpty()) {
            throw new UnknownHostException("no address");
        }
        return addresses.toArray(InetAddress[]::new);
    }

    private List<InetAddress> lookup(String host, int type) throws UnknownHostException {
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString(host, Name.root), type);
        } catch (TextParseException e) {
            throw new UnknownHostException("not a host name");
        }
        lookup.setResolver(dns);
        lookup.setCache(null);
        // Only the configured server answers: not this machine's hosts file, which dnsjava reads by default.
        lookup.setHostsFileParser(null);
        Record[] records = lookup.run();
        List<InetAddress> found = new ArrayList<>();
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> {
                for (Record record : records) {
                    if (record instanceof ARecord a) {
                        found.add(a.getAddress());
                    } else if (record instanceof AAAARecord aaaa) {
                        found.add(aaaa.getAddress());
                    }
                }
            }
            case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> { }
            default -> throw new UnknownHostException("lookup failed");
        }
        return found;
    }
}
