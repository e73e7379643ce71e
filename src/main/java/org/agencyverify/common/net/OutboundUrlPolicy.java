package org.agencyverify.common.net;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
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
 * <p>This check runs at registration. The delivery worker must check the address it connects to
 * again (DNS can change after registration).
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

    /** Why the URL may not be registered, or empty when it may. */
    public Optional<String> check(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("must be an absolute https URL");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            return Optional.of(requireHttps ? "must use https" : "must use http or https");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            return Optional.of("must be an absolute URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            return Optional.of("must not contain user information");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not contain a fragment");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("must name a valid host");
        }
        if (uri.getPort() == 0) {
            return Optional.of("must not use port 0");
        }
        return checkHost(host);
    }

    private Optional<String> checkHost(String rawHost) {
        String host = rawHost.startsWith("[") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(IDN.toASCII(host));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.of("has a host that does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            return Optional.of("has a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (InternalAddresses.isInternal(address) && !allowedInternal.contains(address)) {
                return Optional.of("must not point at a private, loopback, link-local or otherwise internal address");
            }
        }
        return Optional.empty();
    }
}
