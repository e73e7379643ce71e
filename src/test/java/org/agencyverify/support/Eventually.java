package org.agencyverify.support;

import java.time.Duration;

/** Polls an assertion until it holds or the time is up, then fails with the last assertion error. */
public final class Eventually {

    private Eventually() {}

    public static void within(Duration limit, Runnable assertion) {
        long deadline = System.nanoTime() + limit.toNanos();
        AssertionError last;
        do {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                last = e;
            }
            sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still failing after " + limit.toSeconds() + " s: " + last.getMessage(), last);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
