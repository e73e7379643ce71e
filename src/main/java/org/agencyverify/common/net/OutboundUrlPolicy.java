package org.agencyverify.common.net;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a URL someone registers (a portal's event endpoint, a contact's webhook) is safe
 * for this service to call: absolute http(s) URL, https unless local development allows http, no
 * userinfo, no fragment, at most {@value #MAX_LENGTH} characters, and a host whose every resolved
 * address is public. One internal address among several is enough to refuse (DNS answers rotate).
 * Plain Java: {@link #check} returns the reason for refusal, empty when the URL is acceptable.
 *
 * <p>This check runs at registration, and again at every delivery: {@link #target} resolves once and
 * hands back the checked addresses, which {@link OutboundHttp} connects to (DNS can change after
 * registration, and between a check and a second lookup).
 */
public final class OutboundUrlPolicy {

    public static final int MAX_LENGTH = 2048;

    /** Name resolution, replaceable in unit tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean requireHttps;
    private final Set<InetAddress> allowedInternal;
    private final Resolver resolver;

    /**
     * @param requireHttps refuse http (true everywhere but local development and tests)
     * @param allowedInternal internal addresses that may be used anyway (local receivers in tests)
     */
    public OutboundUrlPolicy(boolean requireHttps, Set<InetAddress> allowedInternal, Resolver resolver) {
        this.requireHttps = requireHttps;
        this.allowedInternal = Set.copyOf(allowedInternal);
        this.resolver = resolver;
    }

    /**
     * A URL that passed, ready to call: its ASCII host (brackets off an IPv6 literal), port, request URI and
     * Host header, and the addresses the host resolved to, every one of them allowed.
     */
    public record Target(boolean https, String host, int port, String requestUri, String hostHeader,
            List<InetAddress> addresses) {}

    /** Why the URL may not be registered, or empty when it may. */
    public Optional<String> check(String url) {
        return evaluate(url).refusal();
    }

    /** The URL resolved once and checked, or empty when it may not be called now. */
    public Optional<Target> target(String url) {
        return Optional.ofNullable(evaluate(url).target());
    }

    private record Evaluation(Optional<String> refusal, Target target) {
        static Evaluation refused(String reason) {
            return new Evaluation(Optional.of(reason), null);
        }
    }

    private Evaluation evaluate(String url) {
        if (url == null || url.isBlank()) {
            return Evaluation.refused("must be an absolute https URL");
        }
        if (url.length() > MAX_LENGTH) {
            return Evaluation.refused("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Evaluation.refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            return Evaluation.refused(requireHttps ? "must use https" : "must use http or https");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            return Evaluation.refused("must be an absolute URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            return Evaluation.refused("must not contain user information");
        }
        if (uri.getRawFragment() != null) {
            return Evaluation.refused("must not contain a fragment");
        }
        String rawHost = uri.getHost();
        if (rawHost == null || rawHost.isEmpty()) {
            return Evaluation.refused("must name a valid host");
        }
        if (uri.getPort() == 0) {
            return Evaluation.refused("must not use port 0");
        }
        boolean ipv6 = rawHost.startsWith("[");
        String host;
        InetAddress[] addresses;
        try {
            host = IDN.toASCII(ipv6 ? rawHost.substring(1, rawHost.length() - 1) : rawHost).toLowerCase(Locale.ROOT);
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Evaluation.refused("has a host that does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            return Evaluation.refused("has a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (InternalAddresses.isInternal(address) && !allowedInternal.contains(address)) {
                return Evaluation.refused("must not point at a private, loopback, link-local or otherwise internal address");
            }
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String hostHeader = (ipv6 ? "[" + host + "]" : host) + (uri.getPort() == -1 ? "" : ":" + port);
        return new Evaluation(Optional.empty(), new Target(https, host, port, requestUri, hostHeader, List.of(addresses)));
    }
}
