package org.agencyverify.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The run's figures as a section appended to the results file, in the style of bench/results.md. */
final class ChaosReport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Ledger ledger;
    private final List<FaultInjector.Fault> faults;
    private final StringBuilder out = new StringBuilder();

    ChaosReport(Ledger ledger, List<FaultInjector.Fault> faults) {
        this.ledger = ledger;
        this.faults = faults;
    }

    String build(ChaosSettings settings, long startedAt, long endedAt, Invariants.Audit audit, List<String> violations) {
        List<Ledger.Outcome> outcomes = ledger.outcomes();
        line("## " + WHEN.format(Instant.ofEpochMilli(startedAt)) + ", commit " + commit());
        line("");
        line("- Machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage()
                + " at the end; two replicas of the packaged jar, the run's own PostgreSQL 15, Redis and Keycloak, all on it");
        line("- Load: " + settings.rate() + " verifications/s for " + (endedAt - startedAt) / 1000 + " s (chaos.duration "
                + settings.duration().toSeconds() + " s), alternating replicas; " + ledger.started.size() + " verifications started, "
                + ledger.tokens.size() + " trust tokens collected, " + ledger.revoked.size() + " revoked (each introspected on both replicas"
                + " right after its 200: " + ledger.activeAfterRevocation.size() + " still active), "
                + ledger.decisions.size() + " decisions answered 200, " + ledger.deliveries.size() + " confirmation requests received");
        line("- Faults injected: " + faults.size() + " (" + count(faults.stream().map(f -> f.kind().name()).toList()) + ")");
        line("");
        line("| request | answers | 2xx | non-2xx by status |");
        line("|---|---:|---:|---|");
        Map<String, List<Ledger.Outcome>> byOp = outcomes.stream().collect(Collectors.groupingBy(Ledger.Outcome::op, TreeMap::new, Collectors.toList()));
        byOp.forEach((op, list) -> line("| " + op + " | " + list.size() + " | " + list.stream().filter(Ledger.Outcome::success).count() + " | "
                + count(list.stream().filter(o -> !o.success()).map(o -> String.valueOf(o.status())).toList()) + " |"));
        line("");
        line("Non-2xx by status and problem type (-1: no answer, connection refused or reset):");
        line("");
        line("| status | type | count |");
        line("|---:|---|---:|");
        outcomes.stream().filter(o -> !o.success())
                .collect(Collectors.groupingBy(o -> o.status() + " | " + (o.type() == null ? "-" : "`" + o.type() + "`"), TreeMap::new, Collectors.counting()))
                .forEach((key, n) -> line("| " + key + " | " + n + " |"));
        line("");
        line("Recovery after each kind of fault (from the fault's end, the component back, to the first success: a start answered 202,"
                + " or for a killed or slowed replica any 2xx from it, or for the agency's system the next request it received):");
        line("");
        line("| fault | times | fault lasted p50 s | recovery p50 s | recovery p99 s | how |");
        line("|---|---:|---:|---:|---:|---|");
        for (FaultInjector.Kind kind : FaultInjector.Kind.values()) {
            List<FaultInjector.Fault> ofKind = faults.stream().filter(f -> f.kind() == kind).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            List<Long> lasted = ofKind.stream().map(f -> f.endedAt() - f.startedAt()).toList();
            List<Long> recovery = new ArrayList<>();
            ofKind.forEach(f -> recovery(f).ifPresent(recovery::add));
            line("| " + kind + " | " + ofKind.size() + " | " + seconds(percentile(lasted, 50)) + " | " + seconds(percentile(recovery, 50))
                    + " | " + seconds(percentile(recovery, 99)) + " | " + ofKind.get(0).detail() + " |");
        }
        line("");
        line("Audit chain: " + (audit.intact() ? "intact" : "BROKEN") + ", " + audit.events() + " events, " + audit.gaps()
                + " gaps (numbers without an event; must be 0: each append takes the last number + 1 in its own transaction)");
        line("");
        line("Invariant violations: **" + violations.size() + "**");
        violations.stream().limit(20).forEach(v -> line("- " + v));
        return out.toString();
    }

    static void append(Path file, String section) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, "# Chaos results (`make chaos`)\n\nAppended by ChaosIT (src/test/java/org/agencyverify/chaos),"
                        + " newest last. Method and reading: README \"Faults under load\".\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, "\n" + section, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OptionalLong recovery(FaultInjector.Fault fault) {
        if (fault.kind() == FaultInjector.Kind.AGENCY_DOWN) {
            return ledger.deliveries.stream().mapToLong(Ledger.Delivery::at).filter(at -> at >= fault.endedAt()).min()
                    .stream().map(at -> at - fault.endedAt()).findFirst();
        }
        Predicate<Ledger.Outcome> counts = fault.target() >= 0
                ? o -> o.replica() == fault.target()
                : o -> o.op().equals("verification-start");
        return ledger.outcomes().stream().filter(o -> o.success() && o.sentAt() >= fault.endedAt() && counts.test(o))
                .mapToLong(o -> o.answeredAt() - fault.endedAt()).min();
    }

    private static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String seconds(long millis) {
        return millis < 0 ? "n/a" : String.format("%.1f", millis / 1000.0);
    }

    private static String count(List<String> values) {
        if (values.isEmpty()) {
            return "none";
        }
        return values.stream().collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting())).entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String commit() {
        String hash = ChaosStack.Scripts.run(Map.of(), "git", "rev-parse", "--short", "HEAD");
        try {
            Process diff = new ProcessBuilder("git", "diff", "--quiet", "HEAD").start();
            return hash + (diff.waitFor() == 0 ? "" : "+changes");
        } catch (IOException e) {
            return hash;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return hash;
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
