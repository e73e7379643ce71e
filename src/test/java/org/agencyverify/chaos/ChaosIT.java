package org.agencyverify.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Faults under load lose nothing and skip nothing (README "Faults under load"). Two replicas of the
 * packaged jar on the run's own PostgreSQL, Redis and Keycloak carry a steady load of whole
 * verifications while replicas are killed, Redis and PostgreSQL crash, Keycloak restarts and the
 * agency's system goes away; afterwards the database and the audit chain must show nothing lost,
 * nothing applied twice, no token without its approvals, no 5xx but 503, and both replicas working.
 * A driver in the test code rather than Gatling: the flow needs an agency system that signs its
 * answers as the requests arrive, and the verdict is read from the database at the end.
 * The short run (60 s, two faults) is part of `make test`; `make chaos` runs the long one.
 */
class ChaosIT {

    @Test
    void faultsUnderLoadLoseNothing() throws Exception {
        ChaosSettings settings = ChaosSettings.fromSystemProperties();
        Ledger ledger = new Ledger();
        SlowNetwork network = settings.faults().contains(FaultInjector.Kind.SLOW_NETWORK) ? SlowNetwork.open() : null;
        try (SlowNetwork ignored = network; ChaosStack stack = new ChaosStack(network);
                AgencySystemStub agency = new AgencySystemStub(ledger, stack.serverHost())) {
            stack.start(agency.port());
            try (ChaosSeed seed = new ChaosSeed(stack, stack.replicaUrls().get(0), agency.port())) {
                seed.seed();
                ChaosClient client = new ChaosClient(stack.replicaUrls(), ledger);
                agency.answerWith(client, seed.get("DEMO_WEBHOOK_SECRET"));
                Bearers bearers = new Bearers(stack.issuer(), seed);
                VerificationFlows flows = new VerificationFlows(client, bearers, ledger, seed.get("DEMO_OFFICER_EMAIL"), seed.get("DEMO_DOMAIN"));
                FaultInjector faults = new FaultInjector(stack, agency, network, settings.seed());

                long start = System.currentTimeMillis();
                long end = start + settings.duration().toMillis();
                // The first faults come once the load runs; the last one is over before the load stops.
                Thread injector = new Thread(() -> faults.run(settings.faults(), settings.faultCount(), start + 10_000, end - 10_000), "chaos-faults");
                injector.start();
                flows.run(settings.rate(), end);
                injector.join();
                long loadEnded = System.currentTimeMillis();

                // Each replica recovered (only a killed one was restarted): a whole verification through each.
                List<String> violations = new ArrayList<>(faults.failures);
                for (int replica = 0; replica < client.replicaCount(); replica++) {
                    String state = flows.probe(replica);
                    if (!"TOKEN_ISSUED".equals(state)) {
                        violations.add("replica " + replica + " did not carry a verification through after the run: " + state);
                    }
                }
                Invariants.Audit audit;
                try (Connection db = stack.postgres.connect()) {
                    Invariants invariants = new Invariants(db, ledger);
                    invariants.tokensHaveTheirApprovals();
                    invariants.decisionsStoredOnce();
                    invariants.requestsWentOut();
                    invariants.nothingStuck();
                    invariants.revocationsSeen(client, bearers);
                    audit = invariants.auditChain(client, seed.operatorToken());
                    invariants.noServerErrors();
                    violations.addAll(invariants.violations);
                }
                String report = new ChaosReport(ledger, faults.faults()).build(settings, start, loadEnded, audit, violations);
                System.out.println(report);
                if (settings.report() != null) {
                    ChaosReport.append(settings.report(), report);
                }
                assertTrue(faults.faults().size() >= Math.min(2, settings.faultCount()), "faults injected: " + faults.faults());
                assertTrue(ledger.tokens.size() > 0, "no trust token was issued under load");
                assertEquals(List.of(), violations);
            }
        }
    }
}
