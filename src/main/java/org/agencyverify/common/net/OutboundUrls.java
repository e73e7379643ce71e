package org.agencyverify.common.net;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;

/** The configured {@link OutboundUrlPolicy}, answering 400 problems that name the field. */
@ApplicationScoped
public class OutboundUrls {

    private final OutboundUrlPolicy policy;

    OutboundUrls(OutboundConfig config) throws UnknownHostException {
        Set<InetAddress> allowed = config.allowedInternalAddresses().orElse(List.of()).stream()
                .map(OutboundUrls::literal)
                .collect(Collectors.toSet());
        this.policy = new OutboundUrlPolicy(config.requireHttps(), allowed,
                new OutboundResolver(config.resolver(), config.lookupTimeout()));
    }

    /** Returns the URL when it is safe to call; otherwise a 400 problem naming {@code field}. */
    public String requireSafe(String field, String url) {
        policy.check(url).ifPresent(reason -> {
            throw new ApiException(ProblemType.INVALID_REQUEST, "The field " + field + " " + reason + ".",
                    List.of(new Problem.FieldError(field, reason)));
        });
        return url;
    }

    /** For deliveries: the URL resolved now and checked (DNS may have changed since registration); empty when unsafe. */
    public Optional<OutboundUrlPolicy.Target> target(String url) {
        return policy.target(url);
    }

    private static InetAddress literal(String ip) {
        if (!ip.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("agency-verify.outbound.allowed-internal-addresses takes IP literals only");
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal in agency-verify.outbound.allowed-internal-addresses", e);
        }
    }
}
