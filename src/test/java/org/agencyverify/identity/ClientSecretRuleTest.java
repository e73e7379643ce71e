package org.agencyverify.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientSecretRuleTest {

    @Test
    void aDeploymentsOwnSecretsPass() {
        assertEquals(List.of(), ClientSecretRule.problems(Map.of("quarkus.keycloak.admin-client.client-secret",
                Optional.of("9f1c2b7e5d4a3f60a1b2c3d4e5f60718"))));
    }

    @Test
    void emptyAndPublishedSecretsAreRefusedNamingTheEnvVar() {
        Map<String, Optional<String>> secrets = new LinkedHashMap<>();
        secrets.put("quarkus.keycloak.admin-client.client-secret", Optional.of("local-only-admin-client-secret"));
        secrets.put("quarkus.oidc.approval.credentials.secret", Optional.of(" local-only-approval-client-secret "));
        secrets.put("agency-verify.verification.direct-grant-client-secret", Optional.empty());
        secrets.put("other.secret", Optional.of("   "));
        List<String> problems = ClientSecretRule.problems(secrets);
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET") && problems.get(0).contains("published"));
        assertTrue(problems.get(1).contains("QUARKUS_OIDC_APPROVAL_CREDENTIALS_SECRET"));
        assertTrue(problems.get(2).contains("AGENCY_VERIFY_VERIFICATION_DIRECT_GRANT_CLIENT_SECRET") && problems.get(2).contains("empty"));
        assertTrue(problems.get(3).contains("empty"));
    }
}
