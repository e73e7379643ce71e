package org.agencyverify.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** What a remembered bearer token is served for: its own exact string, before its exp, within the size bound. */
class VerifiedBearerTokensBoundsTest {

    private record Jwt(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return "portal";
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return (T) claims.get(name);
        }
    }

    private static SecurityIdentity verified(String token, long exp, String tenant) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new Jwt(Map.of("raw_token", token, "exp", exp)))
                .addCredential(new TokenCredential(token, "bearer"))
                .addRole(Roles.PORTAL)
                .addAttribute("tenant-id", tenant)
                .build();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsExpHasPassed() throws InterruptedException {
        VerifiedBearerTokens tokens = new VerifiedBearerTokens();
        long exp = now() + 1;
        tokens.remember(verified("header.payload.signature", exp, "Default"));
        assertNotNull(tokens.recognize("header.payload.signature", null));
        while (now() < exp) {
            Thread.sleep(50);
        }
        assertNull(tokens.recognize("header.payload.signature", null));
        assertEquals(0, tokens.size(), "an expired entry is evicted when seen");
    }

    @Test
    void aTokenIsVerifiedAgainAfterTheMaximumAgeWhateverItsExp() {
        VerifiedBearerTokens tokens = new VerifiedBearerTokens();
        tokens.remember(verified("long.lived.token", now() + 3600, "Default"));
        // Remembered until now + MAX_AGE_SECONDS at most: the bound for a signing key Keycloak has dropped.
        assertTrue(VerifiedBearerTokens.MAX_AGE_SECONDS <= 300);
        assertNotNull(tokens.recognize("long.lived.token", null));
        assertTrue(tokens.expiresAt("long.lived.token") <= now() + VerifiedBearerTokens.MAX_AGE_SECONDS);
    }

    @Test
    void onlyTheExactStringMatches() {
        VerifiedBearerTokens tokens = new VerifiedBearerTokens();
        tokens.remember(verified("aaa.bbb.ccc", now() + 300, "Default"));
        assertNull(tokens.recognize("aaa.bbb.ccd", null));
        assertNull(tokens.recognize("aaa.bbb.cc", null));
        assertNull(tokens.recognize("aaa.bbb.ccc ", null));
        assertNotNull(tokens.recognize("aaa.bbb.ccc", null));
    }

    @Test
    void anotherTenantsIdentityIsNeverRemembered() {
        VerifiedBearerTokens tokens = new VerifiedBearerTokens();
        tokens.remember(verified("console.tenant.token", now() + 300, "console"));
        assertNull(tokens.recognize("console.tenant.token", null));
        assertEquals(0, tokens.size());
    }

    @Test
    void theMapNeverGrowsPastItsBound() {
        VerifiedBearerTokens tokens = new VerifiedBearerTokens();
        long exp = now() + 300;
        for (int i = 0; i < VerifiedBearerTokens.MAX_ENTRIES * 3; i++) {
            tokens.remember(verified("token-" + i, exp, "Default"));
            assertTrue(tokens.size() <= VerifiedBearerTokens.MAX_ENTRIES, "size " + tokens.size() + " after " + (i + 1));
        }
        // The newest is always kept.
        assertNotNull(tokens.recognize("token-" + (VerifiedBearerTokens.MAX_ENTRIES * 3 - 1), null));
    }
}
