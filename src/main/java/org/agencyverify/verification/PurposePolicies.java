package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.agencyverify.common.purpose.Purpose;

/** The policy of every purpose, built once from {@link VerificationConfig}. */
@ApplicationScoped
public class PurposePolicies {

    private final Map<Purpose, PurposePolicy> policies = new EnumMap<>(Purpose.class);

    PurposePolicies(VerificationConfig config) {
        for (Purpose purpose : Purpose.values()) {
            VerificationConfig.Tier tier = purpose == Purpose.EMERGENCY ? config.emergency() : config.standard();
            policies.put(purpose, new PurposePolicy(purpose, tier.acceptedKinds(), tier.maxAuthAge(), tier.strongAmr(),
                    tier.federatedAcr().orElse(Set.of()), tier.federatedAmr().orElse(Set.of()), tier.contactLevel(), tier.deadline()));
        }
    }

    public PurposePolicy of(Purpose purpose) {
        return policies.get(purpose);
    }
}
