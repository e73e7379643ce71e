package org.agencyverify.agency;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.agencyverify.common.net.DnsServers;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Real DNS lookups of TXT records, through the configured resolver or the system's. */
@ApplicationScoped
public class DnsTxtLookup {

    /** What a lookup found: the TXT values, or that DNS could not answer at all. */
    public record Answer(boolean answered, List<String> values) {
        static Answer unanswered() {
            return new Answer(false, List.of());
        }
    }

    private final Resolver resolver;

    DnsTxtLookup(AgencyConfig config) throws UnknownHostException {
        AgencyConfig.Domains domains = config.domains();
        if (domains.resolver().isPresent()) {
            resolver = DnsServers.of(domains.resolver().get(), domains.lookupTimeout());
        } else {
            resolver = Lookup.getDefaultResolver();
            resolver.setTimeout(domains.lookupTimeout());
        }
    }

    /** The TXT values at {@code name}; no caching, so a removed record is seen as removed. */
    public Answer txt(String name) {
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString(name, Name.root), Type.TXT);
        } catch (TextParseException e) {
            return new Answer(true, List.of());
        }
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> new Answer(true, values(records));
            case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> new Answer(true, List.of());
            default -> {
                Log.warnf("DNS lookup of %s failed: %s", name, lookup.getErrorString());
                yield Answer.unanswered();
            }
        };
    }

    private static List<String> values(Record[] records) {
        List<String> values = new ArrayList<>();
        for (Record record : records) {
            if (record instanceof TXTRecord txt) {
                values.add(String.join("", txt.getStrings()));
            }
        }
        return values;
    }
}
