package org.agencyverify.risk;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** What other features may read of the findings stored for a verification. */
@ApplicationScoped
public class RiskFindings {

    /** The names of the findings recorded for a verification, each once, sorted. */
    public List<String> namesFor(UUID verificationId) {
        return RiskFinding.<RiskFinding>list("verificationId = ?1 order by name", verificationId).stream()
                .map(f -> f.name).distinct().toList();
    }
}
