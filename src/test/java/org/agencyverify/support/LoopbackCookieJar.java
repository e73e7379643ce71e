package org.agencyverify.support;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cookie jar for one loopback host. Keycloak marks its cookies Secure; browsers send them to
 * http://127.0.0.1 (a potentially trustworthy origin) but the JDK's CookieManager does not, so this
 * jar matches by path only. Realms have their own cookie paths, so two realms never mix cookies.
 */
final class LoopbackCookieJar extends CookieHandler {

    private final List<HttpCookie> cookies = new ArrayList<>();

    @Override
    public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        cookies.removeIf(HttpCookie::hasExpired);
        List<String> matching = cookies.stream()
                .filter(c -> path.startsWith(c.getPath() == null ? "/" : c.getPath()))
                .map(c -> c.getName() + "=" + c.getValue())
                .toList();
        return matching.isEmpty() ? Map.of() : Map.of("Cookie", List.of(String.join("; ", matching)));
    }

    @Override
    public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            if (header.getKey() == null || !header.getKey().equalsIgnoreCase("Set-Cookie")) {
                continue;
            }
            for (String value : header.getValue()) {
                for (HttpCookie cookie : HttpCookie.parse(value)) {
                    if (cookie.getPath() == null) {
                        String path = uri.getPath();
                        cookie.setPath(path.substring(0, path.lastIndexOf('/') + 1));
                    }
                    cookies.removeIf(c -> c.getName().equals(cookie.getName()) && c.getPath().equals(cookie.getPath()));
                    if (!cookie.hasExpired()) {
                        cookies.add(cookie);
                    }
                }
            }
        }
    }
}
