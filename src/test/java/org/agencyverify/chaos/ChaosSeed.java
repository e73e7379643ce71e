package org.agencyverify.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.agencyverify.support.Ports;

/**
 * The run's agency, officer, webhook contact and portal, made through the service's own API by
 * scripts/demo-seed.py (as `make run` and `make bench` make theirs): operators sign in with password
 * and TOTP, the domain is proved over the run's own DNS server (dnsmasq), a second operator approves
 * the contacts. Its demo.env (secrets of this run only) stays under target/chaos/seed.
 */
final class ChaosSeed implements AutoCloseable {

    private final Map<String, String> env = new HashMap<>();
    private Map<String, String> values = Map.of();

    ChaosSeed(ChaosStack stack, String serviceUrl, int receiverPort) {
        Path cache = ChaosStack.work().resolve("seed");
        String stackCache = System.getenv().getOrDefault("AGENCY_VERIFY_CACHE", System.getProperty("user.home") + "/.cache/agency-verify");
        env.put("AGENCY_VERIFY_CACHE", cache.toString());
        env.put("AGENCY_VERIFY_STACK_CACHE", stackCache);
        env.put("AGENCY_VERIFY_SERVICE_URL", serviceUrl);
        env.put("AGENCY_VERIFY_PUBLIC_URL", serviceUrl);
        env.put("KEYCLOAK_URL", stack.keycloakUrl());
        env.put("DEMO_DNS_PORT", String.valueOf(stack.dnsPort()));
        env.put("DEMO_DNS_FORWARD_PORT", String.valueOf(Ports.free()));
        env.put("DEMO_RECEIVER_PORT", String.valueOf(receiverPort));
        env.put("DEMO_RECEIVER_HOST", stack.serverHost());
    }

    void seed() {
        ChaosStack.Scripts.run(Map.of("AGENCY_VERIFY_CACHE", env.get("AGENCY_VERIFY_CACHE")), "rm", "-rf",
                env.get("AGENCY_VERIFY_CACHE") + "/demo.env");
        ChaosStack.Scripts.run(env, "python3", "scripts/demo-seed.py", "seed");
        values = load(Path.of(env.get("AGENCY_VERIFY_CACHE"), "demo.env"));
    }

    String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("the seed wrote no " + key);
        }
        return value;
    }

    /** A fresh access token of the local demo operator (password and TOTP through Keycloak's pages). */
    String operatorToken() {
        return ChaosStack.Scripts.lastLine(ChaosStack.Scripts.run(env, "python3", "scripts/demo-seed.py", "token", "operator"));
    }

    private static Map<String, String> load(Path file) {
        Map<String, String> loaded = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    loaded.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return loaded;
    }

    /** Stops the run's dnsmasq (demo-seed.py started it and knows its pid). */
    @Override
    public void close() {
        try {
            ChaosStack.Scripts.run(env, "python3", "scripts/demo-seed.py", "dns-stop");
        } catch (RuntimeException e) {
            // Nothing was started.
        }
    }
}
