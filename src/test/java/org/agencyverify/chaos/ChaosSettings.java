package org.agencyverify.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The knobs of a chaos run, from system properties (README "Faults under load"):
 * chaos.duration (60s; 10m, 90s, ...), chaos.rate (verifications started per second, 1),
 * chaos.faults (kinds, comma-separated; the short run's two quick ones by default, every kind when the
 * run lasts 5 minutes or more, SLOW_NETWORK where this machine allows a network namespace), chaos.fault-count (2 for a short run, each kind three times for a long
 * one), chaos.seed (the random order and moments of the faults), chaos.report (a file the report is
 * appended to; none by default, so `make test` leaves the repository alone).
 */
record ChaosSettings(Duration duration, double rate, List<FaultInjector.Kind> faults, int faultCount, long seed, Path report) {

    private static final Duration LONG = Duration.ofMinutes(5);

    static ChaosSettings fromSystemProperties() {
        Duration duration = duration(property("chaos.duration", "60s"));
        boolean longRun = duration.compareTo(LONG) >= 0;
        String defaultFaults = longRun ? Arrays.stream(FaultInjector.Kind.values())
                .filter(k -> k != FaultInjector.Kind.SLOW_NETWORK || SlowNetwork.available()).map(Enum::name)
                .reduce((a, b) -> a + "," + b).orElseThrow()
                : "REDIS_RESTART,POSTGRES_STOP";
        List<FaultInjector.Kind> faults = Arrays.stream(property("chaos.faults", defaultFaults).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> FaultInjector.Kind.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_')))
                .toList();
        int count = Integer.parseInt(property("chaos.fault-count", String.valueOf(longRun ? 3 * faults.size() : 2)));
        String report = System.getProperty("chaos.report", "");
        return new ChaosSettings(duration, Double.parseDouble(property("chaos.rate", "1")), faults, count,
                Long.parseLong(property("chaos.seed", String.valueOf(System.nanoTime()))),
                report.isBlank() ? null : Path.of(report));
    }

    /** A property, or the default when it is unset or blank (make passes its empty knobs as empty properties). */
    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** 60s, 10m, 1h, or a bare number of seconds. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long n = Long.parseLong(t.replaceAll("[smh]$", ""));
        return switch (t.charAt(t.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
