package org.agencyverify.agency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DomainRulesTest {

    @Test
    void domainsAreLowerCasedAndLoseOneTrailingDot() {
        assertEquals(Optional.of("police.example.gov"), DomainNames.normalize("  Police.Example.GOV. "));
        assertEquals(Optional.of("xn--mnchen-3ya.de"), DomainNames.normalize("xn--mnchen-3ya.de"));
        assertEquals(Optional.of("a-b.c1.gov"), DomainNames.normalize("a-b.c1.gov"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gov", "192.168.1.10", "10.0.0.1.", "[::1]", "::1", "*.example.gov", "example.gov/path",
            "example.gov:443", "exa mple.gov", "-bad.gov", "bad-.gov", "a..gov", "example.gov..", "_dmarc.example.gov",
            "münchen.de", "example.123", "http://example.gov", "user@example.gov"})
    void junkIsRefused(String input) {
        assertTrue(DomainNames.normalize(input).isEmpty(), input);
    }

    @Test
    void tooLongIsRefused() {
        String label = "a".repeat(63);
        assertTrue(DomainNames.normalize(label + ".gov").isPresent());
        assertTrue(DomainNames.normalize("a".repeat(64) + ".gov").isEmpty());
        String longName = String.join(".", label, label, label, label) + ".gov";
        assertTrue(DomainNames.normalize(longName).isEmpty());
    }

    @Test
    void challengeLivesUnderAnUnderscoreLabel() {
        assertEquals("_agency-verify-challenge.police.example.gov", DnsChallenge.recordName("police.example.gov"));
    }

    @Test
    void tokensCarryAtLeast128RandomBits() {
        String token = DnsChallenge.newToken();
        assertTrue(Base64.getUrlDecoder().decode(token).length * 8 >= 128);
        assertTrue(token.matches("[A-Za-z0-9_-]+"));
        assertNotEquals(token, DnsChallenge.newToken());
    }

    @Test
    void expiryIsBounded() {
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        Instant expires = DnsChallenge.expiry(issued, Duration.ofHours(48));
        assertFalse(DnsChallenge.expired(expires, issued.plusSeconds(3600)));
        assertTrue(DnsChallenge.expired(expires, expires));
        assertTrue(DnsChallenge.expired(null, issued));
    }

    @Test
    void onlyTheExactTokenProves() {
        String token = DnsChallenge.newToken();
        assertTrue(DnsChallenge.published(token, List.of("v=spf1 -all", token)));
        assertFalse(DnsChallenge.published(token, List.of(token.substring(1))));
        assertFalse(DnsChallenge.published(token, List.of()));
    }
}
