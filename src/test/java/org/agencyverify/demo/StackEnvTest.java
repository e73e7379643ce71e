package org.agencyverify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `scripts/stack.sh env` and `test-env` (what `make run`, `make dev` and `make test` pass the service) as a
 * checkout meets a cache that another checkout of another version wrote: every checkout on a machine shares
 * ~/.cache/agency-verify, and a newer one may have added the secret of a client this one has no OIDC tenant
 * for. Exported, such a QUARKUS_OIDC_&lt;TENANT&gt;_CREDENTIALS_SECRET alone makes Quarkus refuse to start
 * ("'quarkus.oidc.&lt;tenant&gt;.auth-server-url' property must be configured"): only the keys this checkout knows
 * are exported.
 */
class StackEnvTest {

    private static final List<String> CLIENT_KEYS = List.of("QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET",
            "QUARKUS_OIDC_APPROVAL_CREDENTIALS_SECRET", "QUARKUS_OIDC_CONSOLE_CREDENTIALS_SECRET",
            "AGENCY_VERIFY_VERIFICATION_DIRECT_GRANT_CLIENT_SECRET");

    @Test
    void exportsOnlyTheClientSecretsThisCheckoutKnows(@TempDir Path cache) throws Exception {
        Path clients = cache.resolve("local-clients.env");
        Files.writeString(clients, "QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET=admin-1\n"
                + "QUARKUS_OIDC_APPROVAL_CREDENTIALS_SECRET=approval-2\n"
                + "QUARKUS_OIDC_CONSOLE_CREDENTIALS_SECRET=console-4\n"
                + "AGENCY_VERIFY_VERIFICATION_DIRECT_GRANT_CLIENT_SECRET=grant-3\n"
                + "QUARKUS_OIDC_PORTAL_CREDENTIALS_SECRET=from-another-checkout\n", StandardCharsets.UTF_8);

        String env = stack(cache, "env");
        String testEnv = stack(cache, "test-env");

        for (String out : List.of(env, testEnv)) {
            assertFalse(out.contains("QUARKUS_OIDC_PORTAL_"), out);
            assertTrue(out.contains("export QUARKUS_OIDC_CONSOLE_CREDENTIALS_SECRET=console-4\n"), out);
            assertTrue(out.contains("export QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET=admin-1\n"), out);
            assertTrue(out.contains("export QUARKUS_OIDC_APPROVAL_CREDENTIALS_SECRET=approval-2\n"), out);
            assertTrue(out.contains("export AGENCY_VERIFY_VERIFICATION_DIRECT_GRANT_CLIENT_SECRET=grant-3\n"), out);
        }
        assertTrue(env.contains("export AGENCY_VERIFY_SECRETS_KEY_ENCRYPTION_SECRET="), "the service's own keys: " + env);
        // The file keeps what the other checkout wrote: it still needs it.
        assertTrue(Files.readString(clients).contains("QUARKUS_OIDC_PORTAL_CREDENTIALS_SECRET=from-another-checkout"));
    }

    @Test
    void generatesTheSecretsOnAFreshMachine(@TempDir Path cache) throws Exception {
        String testEnv = stack(cache, "test-env");

        assertEquals(CLIENT_KEYS.size(), testEnv.lines().count(), testEnv);
        for (String key : CLIENT_KEYS) {
            assertTrue(testEnv.matches("(?s).*export " + key + "=[0-9a-f]{48}\n.*"), key + " in " + testEnv);
        }
    }

    private static String stack(Path cache, String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/stack.sh", command).redirectErrorStream(false);
        builder.environment().put("AGENCY_VERIFY_CACHE", cache.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stack.sh " + command);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out + err);
        return out;
    }
}
