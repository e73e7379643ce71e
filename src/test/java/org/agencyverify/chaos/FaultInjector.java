package org.agencyverify.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agencyverify.support.Eventually;

/**
 * Injects the listed faults at random moments, each kind in turn (a shuffled round), and records
 * each one's window: from the fault to the moment the component was back (restarted and ready, or
 * the agency's system answering again).
 */
final class FaultInjector {

    /** The kinds a run can inject; {@code chaos.faults} names them. */
    enum Kind { REPLICA_KILL, REDIS_RESTART, POSTGRES_STOP, KEYCLOAK_RESTART, AGENCY_DOWN, SLOW_NETWORK }

    /** One injected fault: which, on what (a replica's index, or -1), when it began and when it was over. */
    record Fault(Kind kind, int target, long startedAt, long endedAt, String detail) {}

    private final ChaosStack stack;
    private final AgencySystemStub agency;
    private final SlowNetwork network;
    private final Random random;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    /** Faults that could not be injected or undone: the run fails on them, as on a violation. */
    final List<String> failures = new CopyOnWriteArrayList<>();
    private int agencyOutages;

    FaultInjector(ChaosStack stack, AgencySystemStub agency, SlowNetwork network, long seed) {
        this.stack = stack;
        this.agency = agency;
        this.network = network;
        this.random = new Random(seed);
    }

    /**
     * {@code count} faults spread over [from, until): each in its own slot of the span, at a random
     * moment within the slot's first half, so a fault is over before the next one begins.
     */
    void run(List<Kind> kinds, int count, long from, long until) {
        List<Kind> order = new ArrayList<>();
        while (order.size() < count) {
            List<Kind> round = new ArrayList<>(kinds);
            Collections.shuffle(round, random);
            order.addAll(round);
        }
        long slot = (until - from) / Math.max(1, count);
        for (int i = 0; i < count; i++) {
            long at = from + i * slot + (long) (random.nextDouble() * slot / 2);
            long wait = at - System.currentTimeMillis();
            if (wait > 0) {
                Eventually.sleep(wait);
            }
            if (System.currentTimeMillis() >= until) {
                return;
            }
            try {
                inject(order.get(i));
            } catch (RuntimeException e) {
                failures.add(order.get(i) + " could not be injected: " + e.getMessage());
            }
        }
    }

    private void inject(Kind kind) {
        long start = System.currentTimeMillis();
        int target = -1;
        String detail;
        switch (kind) {
            case REPLICA_KILL -> {
                target = random.nextInt(2);
                stack.killReplica(target);
                Eventually.sleep(2000);
                stack.startReplica(target);
                detail = "kill -9 of replica " + target + ", then started again";
            }
            case REDIS_RESTART -> {
                stack.killRedis();
                Eventually.sleep(3000);
                stack.startRedis();
                detail = "kill -9, started again empty";
            }
            case POSTGRES_STOP -> {
                stack.postgres.stopImmediate();
                Eventually.sleep(4000);
                stack.postgres.start();
                detail = "pg_ctl stop -m immediate, then start";
            }
            case KEYCLOAK_RESTART -> {
                stack.stopKeycloak();
                Eventually.sleep(3000);
                stack.startKeycloak();
                detail = "stopped, then started again";
            }
            case AGENCY_DOWN -> {
                // Alternately a 503 to every delivery and a closed port.
                AgencySystemStub.Mode mode = agencyOutages++ % 2 == 0 ? AgencySystemStub.Mode.UNAVAILABLE : AgencySystemStub.Mode.CLOSED;
                agency.mode(mode);
                Eventually.sleep(20_000);
                agency.mode(AgencySystemStub.Mode.UP);
                detail = mode == AgencySystemStub.Mode.UNAVAILABLE ? "answers 503 for 20 s" : "port closed for 20 s";
            }
            case SLOW_NETWORK -> {
                target = ChaosStack.SLOWED;
                String how = network.slow();
                Eventually.sleep(20_000);
                network.fast();
                detail = how + ", 20 s";
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        faults.add(new Fault(kind, target, start, System.currentTimeMillis(), detail));
    }

    List<Fault> faults() {
        return List.copyOf(faults);
    }
}
