package org.agencyverify.deploy;

import static org.agencyverify.deploy.ManifestFiles.list;
import static org.agencyverify.deploy.ManifestFiles.text;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.agencyverify.deploy.ManifestFiles.Doc;
import org.agencyverify.deploy.ManifestFiles.Instruction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Keeps the deployment files (k8s/, docker/) in step with the service's real configuration,
 * src/main/resources/application.properties. A plain unit test: no Quarkus, no cluster, no Docker.
 * Each check collects every drift it finds and reports them all, file by file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentManifestsTest {

    /**
     * Environment variables that are not Quarkus properties and so have no key in application.properties.
     * JAVA_OPTS: JVM flags (heap, GC) read by the image's entrypoint in docker/Dockerfile, before any
     * Quarkus configuration exists.
     */
    private static final Set<String> NON_PROPERTY_ENV = Set.of("JAVA_OPTS");

    private static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak";
    private static final String KEYCLOAK_TAG = "26.7.3";
    private static final String SECRET_TEMPLATE = "k8s/secret.template.yaml";
    private static final String REALM_FILE = "keycloak/realm-agency-verify.json";
    private static final Pattern SECRET_ENV_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|API_KEY).*");

    private Path root;
    private ConfigContract config;
    private List<Doc> k8s;
    private List<Doc> base;
    private Doc deployment;
    private Doc configMap;
    private Doc secretTemplate;
    private Doc kustomization;
    private JsonNode compose;
    private List<Instruction> dockerfile;

    @BeforeAll
    void load() throws IOException {
        root = ManifestFiles.repositoryRoot();
        config = ConfigContract.load(root.resolve("src/main/resources/application.properties"));
        k8s = new ArrayList<>();
        for (Path file : ManifestFiles.yamlFilesUnder(root.resolve("k8s"))) {
            try {
                k8s.addAll(ManifestFiles.readYaml(root, file));
            } catch (IOException e) {
                fail(root.relativize(file) + " is not valid YAML: " + e.getMessage());
            }
        }
        base = k8s.stream().filter(d -> d.file().startsWith("k8s/base/")).toList();
        deployment = single(base, "Deployment");
        configMap = single(base, "ConfigMap");
        kustomization = single(base, "Kustomization");
        secretTemplate = k8s.stream().filter(d -> d.file().equals(SECRET_TEMPLATE)).findFirst()
                .orElseGet(() -> fail(SECRET_TEMPLATE + " is missing or empty: it documents the Secret's keys"));
        List<Doc> composeDocs = ManifestFiles.readYaml(root, root.resolve("docker/compose.yaml"));
        if (composeDocs.size() != 1) {
            fail("docker/compose.yaml must hold exactly one YAML document, found " + composeDocs.size());
        }
        compose = composeDocs.get(0).node();
        dockerfile = ManifestFiles.readDockerfile(root.resolve("docker/Dockerfile"));
    }

    // ------------------------------------------------------------------------------------------------
    // Environment variables against application.properties
    // ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("every env var in the ConfigMap, Secret template, Deployment and compose is a key of application.properties")
    void envVarsMapToConfigKeys() {
        Problems problems = new Problems();
        Map<String, List<String>> envBySource = new LinkedHashMap<>();
        for (Doc doc : k8s) {
            switch (doc.kind()) {
                case "ConfigMap" -> envBySource.put(doc.where(), fieldNames(doc.node().path("data")));
                case "Secret" -> {
                    List<String> names = fieldNames(doc.node().path("stringData"));
                    names.addAll(fieldNames(doc.node().path("data")));
                    envBySource.put(doc.where(), names);
                }
                case "Deployment" -> {
                    for (JsonNode c : containers(doc)) {
                        envBySource.put(doc.where() + " container '" + c.path("name").asText() + "' env",
                                list(c.path("env")).stream().map(e -> e.path("name").asText()).toList());
                        for (JsonNode from : list(c.path("envFrom"))) {
                            if (!from.path("prefix").asText("").isEmpty()) {
                                problems.add(doc.where() + ": envFrom prefix '" + from.path("prefix").asText()
                                        + "' renames every key, so they no longer match Quarkus env names");
                            }
                        }
                    }
                }
                default -> { }
            }
        }
        appService().ifPresent(s -> envBySource.put("docker/compose.yaml: service '" + s.getKey() + "' environment",
                new ArrayList<>(composeEnvironment(s.getValue()).keySet())));

        for (Map.Entry<String, List<String>> source : envBySource.entrySet()) {
            for (String env : source.getValue()) {
                if (NON_PROPERTY_ENV.contains(env)) {
                    continue;
                }
                if (config.propertyForEnv(env).isEmpty()) {
                    problems.add(source.getKey() + " sets " + env + ", but no key of application.properties has that"
                            + " env name (rule: upper case, non-alphanumerics -> '_')." + closest(env)
                            + " Add the key to application.properties or fix the name.");
                }
            }
        }
        problems.assertNone("Env vars that configure nothing (a typo or a removed property)");
    }

    @Test
    @DisplayName("the Secret template holds exactly the credential properties; the ConfigMap holds none")
    void secretTemplateHoldsTheCredentials() {
        Problems problems = new Problems();
        if (!"Secret".equals(secretTemplate.kind())) {
            problems.add(SECRET_TEMPLATE + " must be a Secret, but is kind '" + secretTemplate.kind() + "'");
        }
        Map<String, String> secretValues = new TreeMap<>();
        ManifestFiles.forEachField(secretTemplate.node().path("stringData"), e -> secretValues.put(e.getKey(), e.getValue().asText()));
        ManifestFiles.forEachField(secretTemplate.node().path("data"), e -> secretValues.put(e.getKey(), e.getValue().asText()));

        for (Map.Entry<String, String> entry : secretValues.entrySet()) {
            Optional<String> property = config.propertyForEnv(entry.getKey());
            if (property.isPresent() && !ConfigContract.isCredentialKey(property.get())) {
                problems.add(SECRET_TEMPLATE + " holds " + entry.getKey() + " (" + property.get() + "), which is not a"
                        + " credential (password/secret/hosts): put it in the ConfigMap instead");
            }
            String value = entry.getValue();
            if (!value.isBlank() && !value.contains("REPLACE_ME")) {
                problems.add(SECRET_TEMPLATE + " has a value for " + entry.getKey()
                        + ": the template must hold only empty values or REPLACE_ME placeholders");
            }
        }
        for (String credential : config.credentialKeys()) {
            String env = ConfigContract.envName(credential);
            if (!secretValues.containsKey(env)) {
                problems.add("application.properties has credential " + credential + " (a local-only default), but "
                        + SECRET_TEMPLATE + " has no " + env + ": production would run with the local default");
            }
        }

        for (Doc doc : k8s) {
            if (doc.kind().equals("ConfigMap")) {
                ManifestFiles.forEachField(doc.node().path("data"), e -> config.propertyForEnv(e.getKey())
                        .filter(ConfigContract::isCredentialKey)
                        .ifPresent(p -> problems.add(doc.where() + " sets credential " + e.getKey() + " (" + p
                                + "): credentials belong in the Secret (" + SECRET_TEMPLATE + ")")));
                ManifestFiles.forEachField(doc.node().path("data"), e -> {
                    if (!e.getValue().isTextual()) {
                        problems.add(doc.where() + " value of " + e.getKey() + " is " + e.getValue().getNodeType()
                                + ", not a string: quote it (Kubernetes rejects non-string ConfigMap data)");
                    }
                });
            }
            if (doc.kind().equals("Deployment")) {
                for (JsonNode c : containers(doc)) {
                    for (JsonNode env : list(c.path("env"))) {
                        String name = env.path("name").asText();
                        if (env.has("value") && config.propertyForEnv(name).filter(ConfigContract::isCredentialKey).isPresent()) {
                            problems.add(doc.where() + " container '" + c.path("name").asText() + "' sets credential "
                                    + name + " as a literal value: take it from the Secret");
                        }
                    }
                }
            }
            if (doc.kind().equals("Secret") && !doc.file().equals(SECRET_TEMPLATE)) {
                problems.add(doc.where() + " is a Secret in the repository: only " + SECRET_TEMPLATE + " may exist");
            }
        }
        problems.assertNone("Secret and ConfigMap do not match the credentials of application.properties");
    }

    @Test
    @DisplayName("the Deployment takes its env from the base ConfigMap and the Secret the template describes")
    void deploymentReferencesConfigMapAndSecret() {
        Problems problems = new Problems();
        String secretName = secretTemplate.name();
        Set<String> secretKeys = new TreeSet<>(fieldNames(secretTemplate.node().path("stringData")));
        secretKeys.addAll(fieldNames(secretTemplate.node().path("data")));
        Set<String> configKeys = new TreeSet<>(fieldNames(configMap.node().path("data")));
        JsonNode container = mainContainer();
        boolean usesConfigMap = false;
        boolean usesSecret = false;
        for (JsonNode from : list(container.path("envFrom"))) {
            if (from.has("configMapRef")) {
                String name = from.path("configMapRef").path("name").asText();
                usesConfigMap |= name.equals(configMap.name());
                if (!name.equals(configMap.name())) {
                    problems.add(deployment.where() + " envFrom configMapRef '" + name + "', but the base ConfigMap is '"
                            + configMap.name() + "'");
                }
            }
            if (from.has("secretRef")) {
                String name = from.path("secretRef").path("name").asText();
                usesSecret |= name.equals(secretName);
                if (!name.equals(secretName)) {
                    problems.add(deployment.where() + " envFrom secretRef '" + name + "', but " + SECRET_TEMPLATE
                            + " describes '" + secretName + "'");
                }
                if (from.path("secretRef").path("optional").asBoolean(false)) {
                    problems.add(deployment.where() + " marks the Secret optional: without it the service would start"
                            + " with local-only credentials; it must not start at all");
                }
            }
        }
        for (JsonNode env : list(container.path("env"))) {
            JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
            if (!secretRef.isMissingNode() && secretRef.path("name").asText().equals(secretName)
                    && !secretKeys.contains(secretRef.path("key").asText())) {
                problems.add(deployment.where() + " env " + env.path("name").asText() + " reads key '"
                        + secretRef.path("key").asText() + "' that " + SECRET_TEMPLATE + " does not list");
            }
            JsonNode cmRef = env.path("valueFrom").path("configMapKeyRef");
            if (!cmRef.isMissingNode() && cmRef.path("name").asText().equals(configMap.name())
                    && !configKeys.contains(cmRef.path("key").asText())) {
                problems.add(deployment.where() + " env " + env.path("name").asText() + " reads key '"
                        + cmRef.path("key").asText() + "' that the ConfigMap does not have");
            }
        }
        if (!usesConfigMap) {
            problems.add(deployment.where() + " does not load ConfigMap '" + configMap.name() + "' with envFrom");
        }
        if (!usesSecret) {
            problems.add(deployment.where() + " does not load Secret '" + secretName + "' with envFrom");
        }
        problems.assertNone("Deployment does not load its configuration");
    }

    // ------------------------------------------------------------------------------------------------
    // Ports, probes, metrics
    // ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("container port, probes and Prometheus annotations match quarkus.http.* and the health/metrics paths")
    void portsProbesAndMetricsMatchConfig() {
        Problems problems = new Problems();
        int httpPort = config.httpPort();
        if (config.managementInterfaceEnabled()) {
            problems.add("application.properties enables quarkus.management.enabled: health and metrics move to the"
                    + " management port, but the manifests probe and scrape quarkus.http.port; update both");
        }
        JsonNode container = mainContainer();
        String where = deployment.where() + " container '" + container.path("name").asText() + "'";
        Map<String, Integer> namedPorts = namedPorts(container);
        if (!namedPorts.containsKey("http")) {
            problems.add(where + " has no port named 'http' (ports: " + namedPorts + ")");
        } else if (namedPorts.get("http") != httpPort) {
            problems.add(where + " port 'http' is containerPort " + namedPorts.get("http")
                    + ", but application.properties has quarkus.http.port=" + httpPort);
        }

        Map<String, String> probes = Map.of("startupProbe", "started", "livenessProbe", "live", "readinessProbe", "ready");
        for (Map.Entry<String, String> probe : new TreeMap<>(probes).entrySet()) {
            JsonNode get = container.path(probe.getKey()).path("httpGet");
            String expected = config.healthPath(probe.getValue());
            if (get.isMissingNode()) {
                problems.add(where + " has no " + probe.getKey() + ".httpGet (expected path " + expected + ")");
                continue;
            }
            if (!expected.equals(get.path("path").asText())) {
                problems.add(where + " " + probe.getKey() + " path is '" + get.path("path").asText() + "', but the"
                        + " service serves it at " + expected + " (quarkus.http.non-application-root-path="
                        + config.get("quarkus.http.non-application-root-path", "q") + ")");
            }
            String port = get.path("port").asText();
            if (!"http".equals(port)) {
                problems.add(where + " " + probe.getKey() + " port is '" + port + "': use the named port 'http'");
            }
        }

        JsonNode annotations = deployment.node().path("spec").path("template").path("metadata").path("annotations");
        if (!"true".equals(annotations.path("prometheus.io/scrape").asText())) {
            problems.add(deployment.where() + " pod annotation prometheus.io/scrape is not \"true\"");
        }
        if (!config.metricsPath().equals(annotations.path("prometheus.io/path").asText())) {
            problems.add(deployment.where() + " pod annotation prometheus.io/path is '"
                    + annotations.path("prometheus.io/path").asText() + "', but quarkus.micrometer.export.prometheus.path"
                    + " serves metrics at " + config.metricsPath());
        }
        if (!String.valueOf(httpPort).equals(annotations.path("prometheus.io/port").asText())) {
            problems.add(deployment.where() + " pod annotation prometheus.io/port is '"
                    + annotations.path("prometheus.io/port").asText() + "', but quarkus.http.port is " + httpPort);
        }

        for (Doc service : kinds(base, "Service")) {
            if (!"ClusterIP".equals(service.node().path("spec").path("type").asText("ClusterIP"))) {
                problems.add(service.where() + " type is " + service.node().path("spec").path("type").asText()
                        + ": expose the API through the ingress, keep the Service ClusterIP");
            }
            for (JsonNode port : list(service.node().path("spec").path("ports"))) {
                JsonNode target = port.path("targetPort");
                if (!target.isTextual() || !namedPorts.containsKey(target.asText())) {
                    problems.add(service.where() + " port " + port.path("port").asText() + " targetPort is '"
                            + target.asText() + "', not the name of a container port (" + namedPorts.keySet() + ")");
                }
            }
        }
        problems.assertNone("Ports, probes or metrics drifted from application.properties");
    }

    // ------------------------------------------------------------------------------------------------
    // Selectors
    // ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("Service, HPA, PDB, NetworkPolicy and topology spread all select the Deployment's pods")
    void selectorsMatchPodLabels() {
        Problems problems = new Problems();
        Map<String, String> podLabels = podLabels();
        JsonNode spec = deployment.node().path("spec");
        checkSelector(problems, deployment.where() + " spec.selector", spec.path("selector"), podLabels);
        for (JsonNode spread : list(spec.path("template").path("spec").path("topologySpreadConstraints"))) {
            checkSelector(problems, deployment.where() + " topologySpreadConstraints[" + spread.path("topologyKey").asText()
                    + "].labelSelector", spread.path("labelSelector"), podLabels);
        }
        if (list(spec.path("template").path("spec").path("topologySpreadConstraints")).isEmpty()) {
            problems.add(deployment.where() + " has no topologySpreadConstraints: replicas may share one node");
        }
        for (Doc service : kinds(base, "Service")) {
            JsonNode selector = service.node().path("spec").path("selector");
            checkLabels(problems, service.where() + " spec.selector", selector, podLabels);
        }
        for (Doc pdb : kinds(base, "PodDisruptionBudget")) {
            checkSelector(problems, pdb.where() + " spec.selector", pdb.node().path("spec").path("selector"), podLabels);
        }
        for (Doc policy : kinds(base, "NetworkPolicy")) {
            checkSelector(problems, policy.where() + " spec.podSelector", policy.node().path("spec").path("podSelector"), podLabels);
        }
        for (Doc hpa : kinds(base, "HorizontalPodAutoscaler")) {
            JsonNode ref = hpa.node().path("spec").path("scaleTargetRef");
            if (!"Deployment".equals(ref.path("kind").asText()) || !deployment.name().equals(ref.path("name").asText())) {
                problems.add(hpa.where() + " scaleTargetRef is " + ref.path("kind").asText() + " '" + ref.path("name").asText()
                        + "', but the Deployment is '" + deployment.name() + "'");
            }
        }
        problems.assertNone("Selectors do not match the Deployment's pod labels " + podLabels);
    }

    @Test
    @DisplayName("replicas, HPA and PDB agree; API versions are current")
    void availability() {
        Problems problems = new Problems();
        Doc hpa = single(base, "HorizontalPodAutoscaler");
        Doc pdb = single(base, "PodDisruptionBudget");
        expectApiVersion(problems, deployment, "apps/v1");
        expectApiVersion(problems, hpa, "autoscaling/v2");
        expectApiVersion(problems, pdb, "policy/v1");
        expectApiVersion(problems, single(base, "NetworkPolicy"), "networking.k8s.io/v1");
        int replicas = deployment.node().path("spec").path("replicas").asInt(1);
        int min = hpa.node().path("spec").path("minReplicas").asInt(1);
        int max = hpa.node().path("spec").path("maxReplicas").asInt(0);
        if (replicas < 2) {
            problems.add(deployment.where() + " has " + replicas + " replica(s): run at least 2");
        }
        if (replicas < min || replicas > max) {
            problems.add(deployment.where() + " replicas " + replicas + " is outside the HPA range " + min + ".." + max);
        }
        boolean cpuMetric = list(hpa.node().path("spec").path("metrics")).stream()
                .anyMatch(m -> "cpu".equals(m.path("resource").path("name").asText()));
        if (!cpuMetric) {
            problems.add(hpa.where() + " has no CPU resource metric");
        }
        JsonNode minAvailable = pdb.node().path("spec").path("minAvailable");
        if (!minAvailable.isInt()) {
            problems.add(pdb.where() + " spec.minAvailable must be a number of pods, found '" + minAvailable.asText() + "'");
        } else if (minAvailable.asInt() >= min) {
            problems.add(pdb.where() + " minAvailable " + minAvailable.asInt() + " is not below the HPA minReplicas "
                    + min + ": node drains would block");
        }
        int grace = deployment.node().path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt(-1);
        if (grace <= 0) {
            problems.add(deployment.where() + " sets no terminationGracePeriodSeconds");
        }
        problems.assertNone("Availability settings disagree");
    }

    // ------------------------------------------------------------------------------------------------
    // NetworkPolicy
    // ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("the NetworkPolicy admits the http port and lets the service reach PostgreSQL, Redis, Keycloak and DNS")
    void networkPolicyMatchesConfig() {
        Problems problems = new Problems();
        Doc policy = single(base, "NetworkPolicy");
        JsonNode spec = policy.node().path("spec");
        Set<String> types = list(spec.path("policyTypes")).stream().map(JsonNode::asText).collect(Collectors.toSet());
        if (!types.contains("Ingress") || !types.contains("Egress")) {
            problems.add(policy.where() + " policyTypes is " + types + ": both Ingress and Egress must be restricted");
        }
        int httpPort = config.httpPort();
        List<JsonNode> ingress = list(spec.path("ingress"));
        boolean admitsHttp = false;
        for (JsonNode rule : ingress) {
            List<JsonNode> ports = list(rule.path("ports"));
            if (ports.isEmpty()) {
                problems.add(policy.where() + " has an ingress rule without ports: it opens every port");
            }
            for (JsonNode port : ports) {
                JsonNode p = port.path("port");
                admitsHttp |= "http".equals(p.asText()) || (p.isInt() && p.asInt() == httpPort);
            }
        }
        if (!admitsHttp) {
            problems.add(policy.where() + " admits no ingress on the http port (name 'http' or " + httpPort
                    + " = quarkus.http.port)");
        }

        Map<String, String> cm = new TreeMap<>();
        ManifestFiles.forEachField(configMap.node().path("data"), e -> cm.put(e.getKey(), e.getValue().asText()));
        Map<String, String> secret = new TreeMap<>();
        ManifestFiles.forEachField(secretTemplate.node().path("stringData"), e -> secret.put(e.getKey(), e.getValue().asText()));
        Map<String, List<Integer>> needed = new LinkedHashMap<>();
        needed.put("PostgreSQL (QUARKUS_DATASOURCE_JDBC_URL)", ConfigContract.ports(
                valueFor("quarkus.datasource.jdbc.url", cm, secret), 5432));
        needed.put("Redis (QUARKUS_REDIS_HOSTS)", ConfigContract.ports(valueFor("quarkus.redis.hosts", cm, secret), 6379));
        needed.put("Keycloak (AGENCY_VERIFY_KEYCLOAK_URL)", ConfigContract.ports(
                valueFor("agency-verify.keycloak.url", cm, secret), 443));
        List<JsonNode> egress = list(spec.path("egress"));
        for (Map.Entry<String, List<Integer>> need : needed.entrySet()) {
            for (int port : need.getValue()) {
                if (!egressAllows(egress, port, "TCP")) {
                    problems.add(policy.where() + " allows no egress to TCP " + port + " for " + need.getKey());
                }
            }
        }
        if (!egressAllows(egress, 53, "UDP") || !egressAllows(egress, 53, "TCP")) {
            problems.add(policy.where() + " allows no egress to DNS (53 UDP and TCP): no name would resolve");
        }
        problems.assertNone("NetworkPolicy does not fit the service's connections");
    }

    // ------------------------------------------------------------------------------------------------
    // Pod security
    // ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("every container runs non-root, read-only, without privileges, with requests and limits")
    void podSecurityAndResources() {
        Problems problems = new Problems();
        JsonNode podSpec = deployment.node().path("spec").path("template").path("spec");
        JsonNode podSc = podSpec.path("securityContext");
        Set<String> emptyDirVolumes = list(podSpec.path("volumes")).stream()
                .filter(v -> v.has("emptyDir")).map(v -> v.path("name").asText()).collect(Collectors.toSet());
        for (JsonNode c : containers(deployment)) {
            String where = deployment.where() + " container '" + c.path("name").asText() + "'";
            JsonNode sc = c.path("securityContext");
            if (!effective(sc, podSc, "runAsNonRoot").map(JsonNode::asBoolean).orElse(false)) {
                problems.add(where + ": runAsNonRoot is not true");
            }
            Optional<JsonNode> uid = effective(sc, podSc, "runAsUser");
            if (uid.isEmpty() || !uid.get().isInt() || uid.get().asInt() == 0) {
                problems.add(where + ": runAsUser must be a numeric non-root UID, found " + uid.map(JsonNode::asText).orElse("none"));
            }
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(where + ": securityContext.readOnlyRootFilesystem is not true");
            }
            if (sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(where + ": securityContext.allowPrivilegeEscalation is not false");
            }
            if (sc.path("privileged").asBoolean(false)) {
                problems.add(where + ": securityContext.privileged is true");
            }
            boolean dropsAll = list(sc.path("capabilities").path("drop")).stream().anyMatch(d -> "ALL".equals(d.asText()));
            if (!dropsAll) {
                problems.add(where + ": securityContext.capabilities.drop does not contain ALL");
            }
            if (!list(sc.path("capabilities").path("add")).isEmpty()) {
                problems.add(where + ": securityContext.capabilities.add is not empty");
            }
            String seccomp = effective(sc, podSc, "seccompProfile").map(n -> n.path("type").asText()).orElse("none");
            if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                problems.add(where + ": seccompProfile type is " + seccomp + ", expected RuntimeDefault");
            }
            for (String section : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (c.path("resources").path(section).path(resource).asText("").isEmpty()) {
                        problems.add(where + ": resources." + section + "." + resource + " is not set");
                    }
                }
            }
            boolean tmpIsEmptyDir = list(c.path("volumeMounts")).stream().anyMatch(m ->
                    "/tmp".equals(m.path("mountPath").asText()) && emptyDirVolumes.contains(m.path("name").asText()));
            if (!tmpIsEmptyDir) {
                problems.add(where + ": no emptyDir mounted at /tmp, but the root filesystem is read-only");
            }
        }
        String saName = podSpec.path("serviceAccountName").asText("");
        Optional<Doc> sa = kinds(base, "ServiceAccount").stream().filter(d -> d.name().equals(saName)).findFirst();
        if (sa.isEmpty()) {
            problems.add(deployment.where() + " uses serviceAccountName '" + saName + "', which k8s/base does not define");
        } else if (sa.get().node().path("automountServiceAccountToken").asBoolean(true)) {
            problems.add(sa.get().where() + ": automountServiceAccountToken is not false");
        }
        if (podSpec.path("automountServiceAccountToken").asBoolean(true)) {
            problems.add(deployment.where() + ": pod automountServiceAccountToken is not false");
        }
        problems.assertNone("Pod security or resources are incomplete");
    }

    // ------------------------------------------------------------------------------------------------
    // Dockerfile
    // ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("the Dockerfile's final stage runs as a numeric non-root user, exposes quarkus.http.port and bakes in no secret")
    void dockerfileMatchesConfig() {
        Problems problems = new Problems();
        List<Instruction> last = ManifestFiles.finalStage(dockerfile);
        if (last.isEmpty()) {
            fail("docker/Dockerfile has no FROM instruction");
        }
        if (dockerfile.stream().filter(i -> i.keyword().equals("FROM")).count() < 2) {
            problems.add("docker/Dockerfile is not multi-stage: build in one stage, run from a JRE-only stage");
        }
        Optional<Instruction> user = last.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b);
        if (user.isEmpty()) {
            problems.add("docker/Dockerfile: the final stage has no USER, so the container runs as root");
        } else {
            String uid = user.get().arguments().split(":")[0].trim();
            if (!uid.matches("\\d+") || Integer.parseInt(uid) == 0) {
                problems.add("docker/Dockerfile line " + user.get().line() + ": USER " + user.get().arguments()
                        + " must be a numeric non-root UID (Kubernetes runAsNonRoot cannot check a name)");
            } else {
                effective(mainContainer().path("securityContext"),
                        deployment.node().path("spec").path("template").path("spec").path("securityContext"), "runAsUser")
                        .filter(k8sUid -> k8sUid.asInt() != Integer.parseInt(uid))
                        .ifPresent(k8sUid -> problems.add("docker/Dockerfile line " + user.get().line() + ": USER "
                                + uid + ", but " + deployment.where() + " runs as runAsUser " + k8sUid.asInt()));
            }
        }
        Set<String> exposed = last.stream().filter(i -> i.keyword().equals("EXPOSE"))
                .flatMap(i -> List.of(i.arguments().split("\\s+")).stream())
                .map(p -> p.replaceAll("/(tcp|udp)$", "")).collect(Collectors.toSet());
        if (!exposed.contains(String.valueOf(config.httpPort()))) {
            problems.add("docker/Dockerfile: the final stage EXPOSEs " + exposed + ", but quarkus.http.port is " + config.httpPort());
        }

        List<String> layers = List.of("quarkus-app/lib", "quarkus-app/app", "quarkus-app/quarkus/", "quarkus-app/quarkus-run.jar");
        int previous = -1;
        for (String layer : layers) {
            int index = -1;
            for (int i = 0; i < last.size(); i++) {
                if (last.get(i).keyword().equals("COPY") && last.get(i).arguments().contains(layer)) {
                    index = i;
                }
            }
            if (index < 0) {
                problems.add("docker/Dockerfile: the final stage does not COPY the fast-jar part " + layer);
            } else if (index < previous) {
                problems.add("docker/Dockerfile: " + layer + " is copied out of order (lib, app, quarkus, quarkus-run.jar)");
            }
            previous = Math.max(previous, index);
        }

        boolean entrypointReadsJavaOpts = last.stream()
                .anyMatch(i -> (i.keyword().equals("ENTRYPOINT") || i.keyword().equals("CMD")) && i.arguments().contains("JAVA_OPTS"));
        if (!entrypointReadsJavaOpts) {
            problems.add("docker/Dockerfile: the final stage's ENTRYPOINT/CMD does not read JAVA_OPTS, yet the manifests"
                    + " set JAVA_OPTS (allowed only because the entrypoint reads it)");
        }

        for (Instruction i : dockerfile) {
            if (!i.keyword().equals("ENV") && !i.keyword().equals("ARG")) {
                continue;
            }
            for (String name : declaredNames(i)) {
                boolean credentialProperty = config.propertyForEnv(name).filter(ConfigContract::isCredentialKey).isPresent();
                if (SECRET_ENV_NAME.matcher(name).matches() || credentialProperty) {
                    problems.add("docker/Dockerfile line " + i.line() + ": " + i.keyword() + " " + name
                            + " bakes a credential into the image; it must come from the environment at run time");
                }
            }
        }
        problems.assertNone("docker/Dockerfile drifted");
    }

    // ------------------------------------------------------------------------------------------------
    // Compose
    // ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("compose maps quarkus.http.port, waits for healthy dependencies and runs Keycloak " + KEYCLOAK_TAG)
    void composeMatchesConfig() {
        Problems problems = new Problems();
        Optional<Map.Entry<String, JsonNode>> app = appService();
        if (app.isEmpty()) {
            fail("docker/compose.yaml has no service built from docker/Dockerfile");
        }
        String name = app.get().getKey();
        JsonNode service = app.get().getValue();
        String where = "docker/compose.yaml: service '" + name + "'";
        int httpPort = config.httpPort();
        List<JsonNode> ports = list(service.path("ports"));
        if (ports.isEmpty()) {
            problems.add(where + " publishes no port");
        }
        for (JsonNode port : ports) {
            String target = port.isObject() ? port.path("target").asText() : containerSide(port.asText());
            if (!String.valueOf(httpPort).equals(target)) {
                problems.add(where + " maps '" + (port.isObject() ? port.toString() : port.asText()) + "' to container port "
                        + target + ", but quarkus.http.port is " + httpPort);
            }
        }
        String healthcheck = String.join(" ", list(service.path("healthcheck").path("test")).stream().map(JsonNode::asText).toList())
                + service.path("healthcheck").path("test").asText("");
        if (!healthcheck.contains(config.healthPath("ready"))) {
            problems.add(where + " healthcheck does not ask " + config.healthPath("ready") + ": " + healthcheck);
        }

        JsonNode services = compose.path("services");
        JsonNode dependsOn = service.path("depends_on");
        if (dependsOn.isArray() || dependsOn.isMissingNode()) {
            problems.add(where + " depends_on must name each dependency with condition: service_healthy");
        } else {
            ManifestFiles.forEachField(dependsOn, dep -> {
                String condition = dep.getValue().path("condition").asText();
                if (oneShot(services.path(dep.getKey()))) {
                    // A setup job (restart: "no") is waited for until it exited successfully.
                    if (!"service_completed_successfully".equals(condition)) {
                        problems.add(where + " depends on the one-shot '" + dep.getKey() + "' without condition: service_completed_successfully");
                    }
                    return;
                }
                if (!"service_healthy".equals(condition)) {
                    problems.add(where + " depends on '" + dep.getKey() + "' without condition: service_healthy");
                }
                if (services.path(dep.getKey()).path("healthcheck").isMissingNode()) {
                    problems.add("docker/compose.yaml: service '" + dep.getKey() + "' has no healthcheck, so '" + name
                            + "' cannot wait for it");
                }
            });
        }

        List<Map.Entry<String, JsonNode>> keycloaks = new ArrayList<>();
        ManifestFiles.forEachField(services, s -> {
            if (s.getValue().path("image").asText().startsWith(KEYCLOAK_IMAGE + ":") && !oneShot(s.getValue())) {
                keycloaks.add(s);
            }
        });
        if (keycloaks.isEmpty()) {
            problems.add("docker/compose.yaml has no service with image " + KEYCLOAK_IMAGE + ":" + KEYCLOAK_TAG);
        }
        for (Map.Entry<String, JsonNode> kc : keycloaks) {
            String kcWhere = "docker/compose.yaml: service '" + kc.getKey() + "'";
            String image = kc.getValue().path("image").asText();
            String tag = image.substring(image.lastIndexOf(':') + 1);
            if (!KEYCLOAK_TAG.equals(tag)) {
                problems.add(kcWhere + " runs Keycloak " + tag + ", but the project uses " + KEYCLOAK_TAG);
            }
            JsonNode command = kc.getValue().path("command");
            String commandText = command.isArray()
                    ? String.join(" ", list(command).stream().map(JsonNode::asText).toList()) : command.asText();
            if (!commandText.contains("start-dev") || !commandText.contains("--import-realm")) {
                problems.add(kcWhere + " command is '" + commandText + "', expected start-dev --import-realm");
            }
            boolean mountsRealm = list(kc.getValue().path("volumes")).stream().map(JsonNode::asText)
                    .anyMatch(v -> v.startsWith("../" + REALM_FILE + ":/opt/keycloak/data/import/"));
            if (!mountsRealm) {
                problems.add(kcWhere + " does not mount ../" + REALM_FILE + " into /opt/keycloak/data/import/");
            }
        }

        String realm = config.get("agency-verify.keycloak.realm", "");
        String composeRealm = composeEnvironment(service).getOrDefault("AGENCY_VERIFY_KEYCLOAK_REALM", realm);
        if (!composeRealm.equals(realm)) {
            problems.add(where + " AGENCY_VERIFY_KEYCLOAK_REALM is '" + composeRealm + "', but the realm is '" + realm + "'");
        }
        problems.assertNone("docker/compose.yaml drifted");
    }

    // ------------------------------------------------------------------------------------------------
    // Kustomization
    // ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("kustomization.yaml lists every manifest of k8s/base and never the Secret template")
    void kustomizationListsEveryManifest() throws IOException {
        Problems problems = new Problems();
        Path baseDir = root.resolve("k8s/base");
        Set<String> listed = new LinkedHashSet<>();
        for (JsonNode r : list(kustomization.node().path("resources"))) {
            listed.add(r.asText());
        }
        if (kustomization.node().has("commonLabels")) {
            problems.add(kustomization.where() + " uses commonLabels, which also rewrites (immutable) selectors;"
                    + " use labels with includeSelectors: false");
        }
        for (String resource : listed) {
            Path file = baseDir.resolve(resource).normalize();
            if (file.equals(root.resolve(SECRET_TEMPLATE).normalize())) {
                problems.add(kustomization.where() + " lists " + resource + ": applying the base would overwrite the real"
                        + " Secret with the template's empty values");
            } else if (!Files.exists(file)) {
                problems.add(kustomization.where() + " lists " + resource + ", which does not exist");
            }
        }
        for (Path file : ManifestFiles.yamlFilesUnder(baseDir)) {
            String relative = baseDir.relativize(file).toString().replace('\\', '/');
            if (!relative.equals("kustomization.yaml") && !relative.equals("kustomization.yml") && !listed.contains(relative)) {
                problems.add("k8s/base/" + relative + " is not listed in k8s/base/kustomization.yaml resources,"
                        + " so kubectl apply -k never applies it");
            }
        }
        for (Doc doc : base) {
            if (doc.kind().equals("Secret")) {
                problems.add(doc.where() + ": a Secret in the base would overwrite the real one on every apply");
            }
            if (!doc.kind().equals("Kustomization") && (doc.kind().isEmpty() || doc.node().path("apiVersion").asText().isEmpty())) {
                problems.add(doc.where() + " has no apiVersion/kind");
            }
        }
        problems.assertNone("kustomization.yaml and k8s/base disagree");
    }

    // ------------------------------------------------------------------------------------------------
    // Realm file (written elsewhere): when present, its realm is the configured one
    // ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("the realm in the ConfigMap is the configured realm (and the realm file's, once it exists)")
    void realmNamesAgree() throws IOException {
        Problems problems = new Problems();
        String realm = config.get("agency-verify.keycloak.realm", "");
        String cmRealm = configMap.node().path("data").path("AGENCY_VERIFY_KEYCLOAK_REALM").asText(realm);
        if (!cmRealm.equals(realm)) {
            problems.add(configMap.where() + " AGENCY_VERIFY_KEYCLOAK_REALM is '" + cmRealm + "', but application.properties"
                    + " has agency-verify.keycloak.realm=" + realm + " (the realm file imports that one)");
        }
        Path realmFile = root.resolve(REALM_FILE);
        if (Files.isRegularFile(realmFile)) {
            JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(realmFile.toFile());
            if (!realm.equals(json.path("realm").asText())) {
                problems.add(REALM_FILE + " defines realm '" + json.path("realm").asText()
                        + "', but agency-verify.keycloak.realm is '" + realm + "'");
            }
        }
        problems.assertNone("Realm names disagree");
    }

    @Test
    @DisplayName("production keeps federation safe: officer tokens only from clients of the realm file, Keycloak repaired and its refusals audited on a schedule")
    void federationSettingsHold() throws IOException {
        Problems problems = new Problems();
        Map<String, String> cm = new TreeMap<>();
        ManifestFiles.forEachField(configMap.node().path("data"), e -> cm.put(e.getKey(), e.getValue().asText()));
        Map<String, String> secret = new TreeMap<>();
        ManifestFiles.forEachField(secretTemplate.node().path("stringData"), e -> secret.put(e.getKey(), e.getValue().asText()));
        for (String schedule : List.of("agency-verify.federation.reconcile-every", "agency-verify.federation.refusal-audit-every")) {
            String value = valueFor(schedule, cm, secret).trim();
            if (value.isEmpty() || value.equalsIgnoreCase("off") || value.equalsIgnoreCase("disabled")) {
                problems.add(ConfigContract.envName(schedule) + " is '" + value + "': production must run it");
            }
        }
        String clients = valueFor("agency-verify.verification.officer-token-clients", cm, secret);
        if (clients.isBlank()) {
            problems.add("AGENCY_VERIFY_VERIFICATION_OFFICER_TOKEN_CLIENTS is empty: no officer token would count");
        }
        Path realmFile = root.resolve(REALM_FILE);
        if (Files.isRegularFile(realmFile)) {
            Set<String> realmClients = new TreeSet<>();
            for (JsonNode client : new com.fasterxml.jackson.databind.ObjectMapper().readTree(realmFile.toFile()).path("clients")) {
                realmClients.add(client.path("clientId").asText());
            }
            for (String client : clients.split(",")) {
                if (!client.isBlank() && !realmClients.contains(client.trim())) {
                    problems.add("officer-token client '" + client.trim() + "' is not a client of " + REALM_FILE);
                }
            }
        }
        problems.assertNone("Federation settings of the ConfigMap");
    }

    // ------------------------------------------------------------------------------------------------
    // helpers
    // ------------------------------------------------------------------------------------------------

    private static Doc single(List<Doc> docs, String kind) {
        List<Doc> found = kinds(docs, kind);
        if (found.size() != 1) {
            fail("k8s/base must hold exactly one " + kind + ", found " + found.size() + ": "
                    + found.stream().map(Doc::where).toList());
        }
        return found.get(0);
    }

    private static List<Doc> kinds(List<Doc> docs, String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    private static List<JsonNode> containers(Doc workload) {
        JsonNode podSpec = workload.node().path("spec").path("template").path("spec");
        List<JsonNode> result = new ArrayList<>(list(podSpec.path("initContainers")));
        result.addAll(list(podSpec.path("containers")));
        return result;
    }

    /** The service's container: the one with the port named http, else the first. */
    private JsonNode mainContainer() {
        List<JsonNode> all = list(deployment.node().path("spec").path("template").path("spec").path("containers"));
        if (all.isEmpty()) {
            fail(deployment.where() + " has no containers");
        }
        return all.stream().filter(c -> namedPorts(c).containsKey("http")).findFirst().orElse(all.get(0));
    }

    private static Map<String, Integer> namedPorts(JsonNode container) {
        Map<String, Integer> result = new TreeMap<>();
        for (JsonNode port : list(container.path("ports"))) {
            if (port.has("name")) {
                result.put(port.path("name").asText(), port.path("containerPort").asInt());
            }
        }
        return result;
    }

    private Map<String, String> podLabels() {
        Map<String, String> labels = new TreeMap<>();
        ManifestFiles.forEachField(deployment.node().path("spec").path("template").path("metadata").path("labels"),
                e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static void checkSelector(Problems problems, String where, JsonNode selector, Map<String, String> podLabels) {
        if (selector.has("matchExpressions")) {
            problems.add(where + " uses matchExpressions, which this test does not evaluate: use matchLabels");
        }
        checkLabels(problems, where + ".matchLabels", selector.path("matchLabels"), podLabels);
    }

    private static void checkLabels(Problems problems, String where, JsonNode labels, Map<String, String> podLabels) {
        if (!labels.isObject() || labels.isEmpty()) {
            problems.add(where + " is empty: it would select every pod of the namespace");
            return;
        }
        ManifestFiles.forEachField(labels, e -> {
            String pod = podLabels.get(e.getKey());
            if (!e.getValue().asText().equals(pod)) {
                problems.add(where + " wants " + e.getKey() + "=" + e.getValue().asText() + ", but the pods have "
                        + (pod == null ? "no label " + e.getKey() : e.getKey() + "=" + pod));
            }
        });
    }

    private static void expectApiVersion(Problems problems, Doc doc, String apiVersion) {
        String actual = doc.node().path("apiVersion").asText();
        if (!apiVersion.equals(actual)) {
            problems.add(doc.where() + " apiVersion is '" + actual + "', expected " + apiVersion);
        }
    }

    /** A container setting, falling back to the pod's securityContext as Kubernetes does. */
    private static Optional<JsonNode> effective(JsonNode containerSc, JsonNode podSc, String field) {
        if (containerSc.has(field)) {
            return Optional.of(containerSc.get(field));
        }
        return podSc.has(field) ? Optional.of(podSc.get(field)) : Optional.empty();
    }

    private static boolean egressAllows(List<JsonNode> egress, int port, String protocol) {
        for (JsonNode rule : egress) {
            List<JsonNode> ports = list(rule.path("ports"));
            if (ports.isEmpty()) {
                return true;
            }
            for (JsonNode p : ports) {
                if (!protocol.equals(p.path("protocol").asText("TCP"))) {
                    continue;
                }
                if (p.path("port").isMissingNode()) {
                    return true;
                }
                int from = p.path("port").asInt(-1);
                int to = p.path("endPort").asInt(from);
                if (from <= port && port <= to) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Value a production pod sees for a property: ConfigMap, then Secret template, then the local default. */
    private String valueFor(String property, Map<String, String> configMapData, Map<String, String> secretData) {
        String env = ConfigContract.envName(property);
        if (configMapData.containsKey(env)) {
            return configMapData.get(env);
        }
        if (secretData.containsKey(env) && !secretData.get(env).isBlank()) {
            return secretData.get(env);
        }
        return config.get(property, "");
    }

    /** A compose service that runs once and exits (a setup job), rather than a server. */
    private static boolean oneShot(JsonNode service) {
        return "no".equals(service.path("restart").asText()) && service.has("entrypoint");
    }

    /** The compose service built from docker/Dockerfile. */
    private Optional<Map.Entry<String, JsonNode>> appService() {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        ManifestFiles.forEachField(compose.path("services"), s -> {
            if (s.getValue().path("build").path("dockerfile").asText().endsWith("docker/Dockerfile")) {
                found.add(s);
            }
        });
        return found.stream().findFirst();
    }

    private static Map<String, String> composeEnvironment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isArray()) {
            for (JsonNode item : environment) {
                String s = item.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        } else {
            ManifestFiles.forEachField(environment, e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    /** Container side of a short port mapping: "8080", "8080:8080", "127.0.0.1:${P:-8080}:8080/tcp". */
    private static String containerSide(String mapping) {
        String withoutProtocol = mapping.replaceAll("/(tcp|udp)$", "");
        return withoutProtocol.substring(withoutProtocol.lastIndexOf(':') + 1);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        ManifestFiles.forEachField(node, e -> names.add(e.getKey()));
        return names;
    }

    /** Names an ENV or ARG instruction declares: "ENV A=1 B=2", "ENV A 1", "ARG A", "ARG A=1". */
    private static List<String> declaredNames(Instruction i) {
        String args = i.arguments();
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?:^|\\s)([A-Za-z_][A-Za-z0-9_]*)=").matcher(args);
        while (m.find()) {
            names.add(m.group(1));
        }
        if (names.isEmpty() && !args.isBlank()) {
            names.add(args.split("\\s+")[0]);
        }
        return names;
    }

    private String closest(String env) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String key : config.keys()) {
            int d = distance(env, ConfigContract.envName(key));
            if (d < bestDistance) {
                bestDistance = d;
                best = key;
            }
        }
        return best != null && bestDistance <= Math.max(3, env.length() / 4)
                ? " Did you mean " + ConfigContract.envName(best) + " (" + best + ")?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Collects every drift a check finds, then fails once with all of them. */
    private static final class Problems {
        private final List<String> items = new ArrayList<>();

        void add(String problem) {
            items.add(problem);
        }

        void assertNone(String heading) {
            if (!items.isEmpty()) {
                fail(heading + ":\n  - " + String.join("\n  - ", items));
            }
        }
    }
}
