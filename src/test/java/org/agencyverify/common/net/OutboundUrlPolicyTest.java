package org.agencyverify.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundUrlPolicyTest {

    /** A fake DNS: names map to fixed addresses; anything else does not resolve. */
    private static final Map<String, String[]> DNS = Map.of(
            "agency.example", new String[] {"93.184.216.34"},
            "mixed.example", new String[] {"93.184.216.34", "10.1.2.3"},
            "v6.example", new String[] {"2606:2800:220:1:248:1893:25c8:1946"},
            "ula.example", new String[] {"fd12:3456::1"},
            "rebind.example", new String[] {"169.254.169.254"});

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] ips = DNS.get(host);
        if (ips == null) {
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] result = new InetAddress[ips.length];
        for (int i = 0; i < ips.length; i++) {
            result[i] = InetAddress.getByName(ips[i]);
        }
        return result;
    }

    private final OutboundUrlPolicy production = new OutboundUrlPolicy(true, Set.of(), OutboundUrlPolicyTest::resolve);

    @Test
    void publicHttpsUrlIsAccepted() {
        assertEquals(Optional.empty(), production.check("https://agency.example/hooks/confirm?x=1"));
        assertEquals(Optional.empty(), production.check("https://agency.example:8443/"));
        assertEquals(Optional.empty(), production.check("https://v6.example/"));
        assertEquals(Optional.empty(), production.check("https://[2606:2800:220:1:248:1893:25c8:1946]/"));
    }

    @Test
    void theTargetIsWhatWasCheckedWithTheUrlsOwnHost() throws UnknownHostException {
        OutboundUrlPolicy.Target target = production.target("https://Agency.Example:8443/hooks/confirm?x=1").orElseThrow();
        assertEquals(new OutboundUrlPolicy.Target(true, "agency.example", 8443, "/hooks/confirm?x=1", "agency.example:8443",
                java.util.List.of(InetAddress.getByName("93.184.216.34"))), target);
        OutboundUrlPolicy.Target v6 = production.target("https://[2606:2800:220:1:248:1893:25c8:1946]").orElseThrow();
        assertEquals("2606:2800:220:1:248:1893:25c8:1946", v6.host());
        assertEquals(443, v6.port());
        assertEquals("/", v6.requestUri());
        assertEquals("[2606:2800:220:1:248:1893:25c8:1946]", v6.hostHeader());
        assertEquals(Optional.empty(), production.target("https://mixed.example/"), "one internal address: no target");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://agency.example/", "ftp://agency.example/", "agency.example/hook", "/relative", "",
        "https://user:pw@agency.example/", "https://user@agency.example/", "https://agency.example/#frag",
        "https://unknown.example/", "https:///nohost", "https://agency.example:0/", "mailto:a@agency.example",
        "https://agency example/", "javascript:alert(1)"
    })
    void malformedOrUnsafeUrlsAreRefused(String url) {
        assertTrue(production.check(url).isPresent(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://127.0.0.1/", "https://127.9.9.9/", "https://localhost.localdomain.invalid/",
        "https://10.0.0.1/", "https://172.16.5.4/", "https://172.31.255.255/", "https://192.168.1.1/",
        "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/", "https://100.127.255.254/",
        "https://224.0.0.1/", "https://239.255.255.250/", "https://0.0.0.0/", "https://255.255.255.255/",
        "https://[::1]/", "https://[::]/", "https://[fe80::1]/", "https://[fd00::1]/", "https://[fc00::1]/",
        "https://[ff02::1]/", "https://[::ffff:10.0.0.1]/", "https://[::ffff:127.0.0.1]/", "https://[64:ff9b::a00:1]/",
        "https://[2002:a00:1::]/", "https://mixed.example/", "https://ula.example/", "https://rebind.example/"
    })
    void internalAddressesAreRefused(String url) {
        assertTrue(production.check(url).isPresent(), url);
    }

    @Test
    void anyInternalAddressAmongSeveralIsEnoughToRefuse() {
        assertEquals(Optional.of("must not point at a private, loopback, link-local or otherwise internal address"),
                production.check("https://mixed.example/"));
    }

    @Test
    void tooLongUrlIsRefused() {
        String url = "https://agency.example/" + "a".repeat(OutboundUrlPolicy.MAX_LENGTH);
        assertEquals(Optional.of("must be at most 2048 characters"), production.check(url));
    }

    @Test
    void localDevelopmentAllowsHttpAndListedAddressesOnly() throws UnknownHostException {
        OutboundUrlPolicy local = new OutboundUrlPolicy(false, Set.of(InetAddress.getByName("127.0.0.1")),
                OutboundUrlPolicyTest::resolve);
        assertEquals(Optional.empty(), local.check("http://127.0.0.1:8099/hook"));
        assertEquals(Optional.empty(), local.check("https://agency.example/"));
        assertTrue(local.check("http://10.0.0.1/").isPresent());
        assertTrue(local.check("http://[::1]/").isPresent());
        assertTrue(local.check("ftp://127.0.0.1/").isPresent());
    }

    @Test
    void publicAddressesAreNotInternal() throws UnknownHostException {
        for (String ip : new String[] {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2001:4860:4860::8888"}) {
            assertFalse(InternalAddresses.isInternal(InetAddress.getByName(ip)), ip);
        }
    }
}
