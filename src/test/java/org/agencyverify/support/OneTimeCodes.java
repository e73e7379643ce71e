package org.agencyverify.support;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TOTP codes Keycloak will still take for a test's officers: each code is taken once, so a test that
 * needs several waits for the next window when the ones in reach are spent.
 */
public final class OneTimeCodes {

    private final Set<String> spent = ConcurrentHashMap.newKeySet();

    /** Marks the current window's code spent (officer setup used it). */
    public void setUp(String totpSecret) {
        spent.add(totpSecret + "/" + BrowserlessLogin.totp(totpSecret, Instant.now().getEpochSecond()));
    }

    /**
     * A code not handed out before: of the next window, the current one, or the previous one (Keycloak's
     * look-around takes all three), the previous only while it has 10 s or more to live, so that it is still
     * good when Keycloak sees it. Three codes per window instead of two: fewer tests wait for the next one.
     */
    public String next(String totpSecret) {
        while (true) {
            long now = Instant.now().getEpochSecond();
            long[] windows = now % 30 <= 20 ? new long[] {now + 30, now, now - 30} : new long[] {now + 30, now};
            for (long at : windows) {
                String code = BrowserlessLogin.totp(totpSecret, at);
                if (spent.add(totpSecret + "/" + code)) {
                    return code;
                }
            }
            Eventually.sleep(2000);
        }
    }
}
