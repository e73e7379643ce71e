package org.agencyverify.federation;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;

/**
 * Keeps Keycloak in line with what agency federation needs, also for what was made before (the old
 * create-or-auto-link flow, IdPs without the upstream sign-in mapper) or changed by hand since: the
 * realm-wide flows and claims ({@link BrokerSetup}), and every linked IdP's broker settings. A repaired
 * IdP is audited: someone or something changed how that agency's sign-ins are taken.
 */
@ApplicationScoped
public class BrokerReconcile {

    private final BrokerSetup broker;
    private final IdentityProviderKeycloak keycloak;
    private final AuditLog audit;

    BrokerReconcile(BrokerSetup broker, IdentityProviderKeycloak keycloak, AuditLog audit) {
        this.broker = broker;
        this.keycloak = keycloak;
        this.audit = audit;
    }

    @Scheduled(identity = "broker-reconcile", every = "${agency-verify.federation.reconcile-every}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            Log.warnf("Keycloak broker settings not checked (%s); retried next run", e.getClass().getSimpleName());
        }
    }

    /** Answers how many linked IdPs had to be repaired. */
    @Transactional
    public int reconcile() {
        broker.ensure();
        int repaired = 0;
        for (AgencyIdentityProvider idp : AgencyIdentityProvider.<AgencyIdentityProvider>listAll()) {
            boolean changed;
            try {
                changed = keycloak.ensureBrokered(idp.alias);
            } catch (RuntimeException e) {
                Log.warnf("Identity provider %s not checked (%s); retried next run", idp.alias, e.getClass().getSimpleName());
                continue;
            }
            if (changed) {
                repaired++;
                Log.warnf("Identity provider %s had other broker settings than every agency IdP must have: restored", idp.alias);
                audit.record(Actor.SYSTEM, "identity-provider.broker-settings-restored", "agency", idp.agencyId.toString(),
                        Map.of("alias", idp.alias));
            }
        }
        return repaired;
    }
}
