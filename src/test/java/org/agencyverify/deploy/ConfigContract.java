package org.agencyverify.deploy;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration contract of the service as written in application.properties: the keys it has,
 * their local defaults, and what follows from them (port, health and metrics paths, env names).
 * Keys for the {@code prod} profile ({@code %prod.x}) count, because containers run that profile;
 * keys for any other profile ({@code %test.x}, {@code %dev.x}) are ignored.
 */
final class ConfigContract {

    /** Last segment of a key that marks a credential: its value must come from the Secret. */
    private static final Pattern CREDENTIAL_SEGMENT =
            Pattern.compile("(?i).*(password|secret|hosts|credential|api-key|private-key).*");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    private final Map<String, String> properties;

    private ConfigContract(Map<String, String> properties) {
        this.properties = properties;
    }

    static ConfigContract load(Path file) throws IOException {
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(reader);
        }
        Map<String, String> effective = new TreeMap<>();
        Map<String, String> prod = new TreeMap<>();
        for (String key : raw.stringPropertyNames()) {
            if (key.startsWith("%prod.")) {
                prod.put(unquote(key.substring("%prod.".length())), raw.getProperty(key));
            } else if (!key.startsWith("%")) {
                effective.put(unquote(key), raw.getProperty(key));
            }
        }
        effective.putAll(prod);
        return new ConfigContract(effective);
    }

    /** Quarkus/SmallRye env name: upper case, every non-alphanumeric character becomes '_'. */
    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    static boolean isCredentialKey(String property) {
        String lastSegment = property.substring(property.lastIndexOf('.') + 1);
        return CREDENTIAL_SEGMENT.matcher(lastSegment).matches();
    }

    Set<String> keys() {
        return properties.keySet();
    }

    boolean has(String key) {
        return properties.containsKey(key);
    }

    /** The property an environment variable sets, if application.properties has one. */
    Optional<String> propertyForEnv(String envName) {
        return properties.keySet().stream().filter(k -> envName(k).equals(envName)).findFirst();
    }

    Set<String> credentialKeys() {
        Set<String> result = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (isCredentialKey(key)) {
                result.add(key);
            }
        }
        return result;
    }

    /** Value with simple {@code ${key}} / {@code ${key:default}} expressions expanded. */
    Optional<String> get(String key) {
        String value = properties.get(key);
        return value == null ? Optional.empty() : Optional.of(expand(value, 0));
    }

    String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    int httpPort() {
        return Integer.parseInt(get("quarkus.http.port", "8080").trim());
    }

    String httpRootPath() {
        return get("quarkus.http.root-path", "/");
    }

    /** Non-application root ({@code /q} by default), resolved against the HTTP root path. */
    String nonApplicationRootPath() {
        return join(httpRootPath(), get("quarkus.http.non-application-root-path", "q"));
    }

    /** A non-application endpoint path: relative values hang under the non-application root. */
    String nonApplicationPath(String configured) {
        return configured.startsWith("/")
                ? join(httpRootPath(), configured)
                : join(nonApplicationRootPath(), configured);
    }

    String healthPath(String kind) {
        String root = nonApplicationPath(get("quarkus.smallrye-health.root-path", "health"));
        String sub = switch (kind) {
            case "live" -> get("quarkus.smallrye-health.liveness-path", "live");
            case "ready" -> get("quarkus.smallrye-health.readiness-path", "ready");
            case "started" -> get("quarkus.smallrye-health.startup-path", "started");
            default -> throw new IllegalArgumentException(kind);
        };
        return sub.startsWith("/") ? join(httpRootPath(), sub) : join(root, sub);
    }

    String metricsPath() {
        return nonApplicationPath(get("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    boolean managementInterfaceEnabled() {
        return Boolean.parseBoolean(get("quarkus.management.enabled", "false").trim());
    }

    private String expand(String value, int depth) {
        if (depth > 5) {
            return value;
        }
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = properties.containsKey(m.group(1))
                    ? expand(properties.get(m.group(1)), depth + 1)
                    : (m.group(2) != null ? m.group(2) : m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unquote(String key) {
        return key.replace("\"", "");
    }

    static String join(String base, String path) {
        String left = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String right = path.startsWith("/") ? path.substring(1) : path;
        String joined = left + "/" + right;
        return joined.startsWith("/") ? joined : "/" + joined;
    }

    /**
     * Ports named in a connection string: {@code jdbc:postgresql://h1:5432,h2/db},
     * {@code redis://:pw@host:6379,redis://other}, {@code https://host:8443}. Hosts without a port get
     * {@code defaultPort}.
     */
    static List<Integer> ports(String connection, int defaultPort) {
        List<Integer> result = new ArrayList<>();
        for (String part : connection.split(",")) {
            String candidate = part.trim();
            if (candidate.startsWith("jdbc:")) {
                candidate = candidate.substring("jdbc:".length());
            }
            if (!candidate.contains("://")) {
                // a further host of a multi-host JDBC URL: "h2:5433/db"
                candidate = "tcp://" + candidate;
            }
            try {
                URI uri = URI.create(candidate);
                int port = uri.getPort();
                if (port == -1 && "https".equals(uri.getScheme())) {
                    port = 443;
                } else if (port == -1 && "http".equals(uri.getScheme())) {
                    port = 80;
                }
                result.add(port == -1 ? defaultPort : port);
            } catch (IllegalArgumentException e) {
                result.add(defaultPort);
            }
        }
        return result;
    }
}
