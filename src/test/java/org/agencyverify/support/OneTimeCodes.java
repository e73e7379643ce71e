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

    /** A code not handed out before, of the next window or the current one (Keycloak takes both). */
    public String next(String totpSecret) {
        while (true) {
            long now = Instant.now().getEpochSecond();
            for (long at : new long[] {now + 30, now}) {
                String code = BrowserlessLogin.totp(totpSecret, at);
                if (spent.add(totpSecret + "/" + code)) {
                    return code;
                }
            }
            Eventually.sleep(2000);
        }
    }
}
