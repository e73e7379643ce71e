package org.agencyverify.chaos;

import java.time.Instant;
import java.util.Map;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.OfficerTokens;

/**
 * The portal's client-credentials token and the officer's own sign-in token (password and TOTP at
 * Keycloak's pages), renewed well before they age out. While Keycloak is away the last good one is
 * kept: the service then answers what it answers, which is what the run records.
 */
final class Bearers {

    private static final long PORTAL_RENEW_MS = 60_000;
    /** Well inside the standard tier's max-auth-age (10 min) and the realm's access token lifespan. */
    private static final long OFFICER_RENEW_MS = 150_000;

    private final String issuer;
    private final ChaosSeed seed;
    private String portal;
    private long portalAt;
    private String officer;
    private long officerAt;
    /** The last TOTP step used: Keycloak takes each code once. */
    private long lastStep;

    Bearers(String issuer, ChaosSeed seed) {
        this.issuer = issuer;
        this.seed = seed;
        this.lastStep = Instant.now().getEpochSecond() / 30;
    }

    synchronized String portal() {
        if (portal == null || System.currentTimeMillis() - portalAt > PORTAL_RENEW_MS) {
            String fresh = ChaosClient.token(issuer, Map.of("grant_type", "client_credentials",
                    "client_id", seed.get("DEMO_PORTAL_CLIENT_ID"), "client_secret", seed.get("DEMO_PORTAL_CLIENT_SECRET")));
            if (fresh != null) {
                portal = fresh;
                portalAt = System.currentTimeMillis();
            }
        }
        return portal;
    }

    synchronized String officer() {
        if (officer == null || System.currentTimeMillis() - officerAt > OFFICER_RENEW_MS) {
            long step = Math.max(Instant.now().getEpochSecond() / 30, lastStep + 1);
            // Keycloak accepts the next window's code too; further ahead, wait for the next round.
            if (step <= Instant.now().getEpochSecond() / 30 + 1) {
                String fresh = signIn(step);
                lastStep = step;
                if (fresh != null) {
                    officer = fresh;
                    officerAt = System.currentTimeMillis();
                }
            }
        }
        return officer;
    }

    private String signIn(long step) {
        try {
            return OfficerTokens.signIn(issuer, seed.get("DEMO_OFFICER_EMAIL"), seed.get("DEMO_OFFICER_PASSWORD"),
                    BrowserlessLogin.totp(seed.get("DEMO_OFFICER_TOTP_SECRET"), step * 30));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
