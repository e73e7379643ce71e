package org.agencyverify.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.Ports;
import org.agencyverify.support.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's demo, as a newcomer runs it: the ```sh blocks of "First requests", "Demo: a whole verification
 * with curl", "Walkthrough: enroll an agency from scratch" (with the "Audit" block that continues it) and the
 * demo of "A request arrived by email (CIBA)", read from README.md itself (so they cannot drift), run in
 * bash against the packaged service started by scripts/demo-run.sh and seeded by scripts/demo-seed.py,
 * as `make run` does; then `make demo`. A block preceded by {@code <!-- ReadmeDemoIT: skip, why -->} is
 * not run; {@code <!-- ReadmeDemoIT: in the background, a person answering y -->} runs in a third
 * "terminal" where y is typed.
 *
 * <p>Nothing meets a person's `make run`: the service, the demo contact and both DNS servers listen on
 * spare ports (the blocks' {@code localhost:8080} and {@code 15354} are rewritten to them), the data is a
 * schema of its own in the tests' database and a Redis prefix of its own, and the blocks run with a HOME of
 * their own, so {@code ~/.cache/agency-verify/demo.env} is this run's. Keycloak, the local operators and
 * the Maildir are the stack's, as for a person.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeDemoIT {

    private static final String FIRST_REQUESTS = "First requests";
    private static final String DEMO = "Demo: a whole verification with curl";
    private static final String WALKTHROUGH = "Walkthrough: enroll an agency from scratch";
    private static final String AUDIT = "Audit";
    private static final String EMAILED_REQUEST = "A request arrived by email (CIBA)";
    private static final String SCHEMA = "readme_it";
    private static final Pattern BLOCK = Pattern.compile("(?:<!-- ReadmeDemoIT: ([^>]*?) -->\\n)?```sh\\n(.*?)```", Pattern.DOTALL);
    // A variable the commands capture themselves: NAME=$(...
    private static final Pattern CAPTURE = Pattern.compile("(?m)(?:^|[;\\s])([A-Z][A-Z0-9_]*)=\\$\\(");
    private static final Path WORK = Path.of("target", "readme-it");
    private static final Path HOME = WORK.resolve("home").toAbsolutePath();
    private static final Path STACK_CACHE = Path.of(System.getenv().getOrDefault("AGENCY_VERIFY_CACHE",
            System.getProperty("user.home") + "/.cache/agency-verify")).toAbsolutePath();

    private static final int PORT = Ports.free();
    private static final int RECEIVER_PORT = Ports.free();
    private static final int DNS_PORT = Ports.free();
    private static final int FORWARD_PORT = Ports.free();
    private static final Properties CONFIG = new Properties();
    private static final Map<Process, Thread> COPIES = new java.util.concurrent.ConcurrentHashMap<>();
    private static String database;
    private static ServerProcess service;

    record Block(String mark, String code) {}

    record Run(int exit, String output) {}

    @BeforeAll
    static void startTheServiceAsMakeRunDoes() throws Exception {
        assertTrue(Files.exists(Path.of("target", "quarkus-app", "quarkus-run.jar")), "package the service first (mvn verify)");
        database = testDatabase();
        try (Connection c = connect()) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            c.createStatement().execute("CREATE SCHEMA " + SCHEMA);
        }
        deleteTree(WORK);
        Path run = Files.createDirectories(HOME.resolve(".cache/agency-verify/run"));
        // The stack's SMTP server delivers to its own Maildir: the blocks look for mail where a person would.
        Files.createSymbolicLink(run.resolve("mail"), STACK_CACHE.resolve("run/mail"));

        Path demoEnv = HOME.resolve(".cache/agency-verify/demo.env");
        Path log = Path.of("target", "servers", "readme-demo-" + PORT + ".log");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(PORT));
        env.put("DEMO_RECEIVER_PORT", String.valueOf(RECEIVER_PORT));
        env.put("DEMO_DNS_PORT", String.valueOf(DNS_PORT));
        env.put("DEMO_DNS_FORWARD_PORT", String.valueOf(FORWARD_PORT));
        env.put("AGENCY_VERIFY_DEMO_CACHE", HOME.resolve(".cache/agency-verify").toString());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", database + "?currentSchema=" + SCHEMA);
        env.put("AGENCY_VERIFY_REDIS_KEY_PREFIX",
                System.getProperty("%test.agency-verify.redis.key-prefix", "agency-verify-test:") + "readme-it:");
        env.put("QUARKUS_LOG_FILE_ENABLED", "false");
        service = new ServerProcess("readme-demo-" + PORT, List.of("bash", "scripts/demo-run.sh"), env);
        // Ready once seeded, as a person sees it: the summary printed and demo.env written.
        service.start(Duration.ofSeconds(240), () -> {
            String output = read(log);
            if (output.contains("seeding failed") || output.contains("not ready after")) {
                throw new IllegalStateException("scripts/demo-run.sh did not seed:\n" + output);
            }
            return output.contains("demo data seeded") && read(demoEnv).contains("DEMO_PORTAL_CLIENT_SECRET=");
        });
    }

    @AfterAll
    static void stop() throws SQLException {
        if (service != null) {
            service.stop();
        }
        try (Connection c = connect()) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    @Order(0)
    void theFirstRequestsAnswerAsWritten() throws Exception {
        // As a person pastes them: `curl ... | head` ends curl early, which only pipefail would count.
        Run first = runForeground(blocks(FIRST_REQUESTS, 1), "first-requests", "set -e\n");
        String out = first.output();
        assertEquals(0, first.exit(), out);
        assertTrue(out.contains("\"name\": \"Keycloak realm\""), "readiness with its checks: " + out);
        assertTrue(out.contains("openapi: 3."), "the contract: " + out);
        assertTrue(out.contains("HTTP/1.1 200 OK"), "the OpenAPI UI: " + out);
        assertTrue(out.contains("# TYPE "), "Prometheus metrics: " + out);
        assertTrue(out.contains("HTTP/1.1 404 Not Found") && out.contains("\"type\":\"urn:agency-verify:problem:not-found\""), out);
    }

    @Test
    @Order(1)
    void theDemoRunsAsWritten() throws Exception {
        List<Block> blocks = blocks(DEMO);
        Path contactLog = WORK.resolve("demo-contact.log");
        Process contact = startTheDemoContact(blocks, contactLog);
        try {
            Run portal = runForeground(blocks, "demo-portal");

            String out = portal.output();
            assertEquals(0, portal.exit(), out);
            assertTrue(out.contains("HTTP/1.1 202 Accepted"), out);
            Matcher code = Pattern.compile("Code ([A-Z0-9]{4}-[A-Z0-9]{4})").matcher(out);
            assertTrue(code.find(), "a binding code for the portal: " + out);
            assertTrue(out.contains("\"state\":\"TOKEN_ISSUED\""), out);
            assertTrue(out.contains("\"active\":true"), out);
            assertTrue(Pattern.compile("\"amr\":\\[[^\\]]*\"oob\"").matcher(out).find(), "the agency's confirmation in amr: " + out);
            assertTrue(out.contains("\n200\n"), "the revocation: " + out);
            assertTrue(out.strip().endsWith("{\"active\":false}"), "inactive once revoked: " + out);

            String asked = read(contactLog);
            assertTrue(asked.contains("Code " + code.group(1)), "the contact sees the portal's code " + code.group(1) + ":\n" + asked);
            assertTrue(asked.contains("APPROVE sent to http://localhost:" + PORT + "/v1/confirmations/"), asked);
            assertTrue(asked.contains("\"verificationState\":\"APPROVED\""), asked);
        } finally {
            // All of it gone (bash and its java) before make demo listens on the same port.
            stopTheDemoContact(contact);
        }
    }

    @Test
    @Order(2)
    void makeDemoPlaysTheWholeDemo() throws Exception {
        Run demo = run(List.of("make", "-s", "demo"), Map.of("AGENCY_VERIFY_SERVICE_URL", "http://127.0.0.1:" + PORT,
                "AGENCY_VERIFY_CACHE", HOME.resolve(".cache/agency-verify").toString()), "make-demo");
        String out = demo.output();
        assertEquals(0, demo.exit(), out);
        Matcher codes = Pattern.compile("binding message: .*Code ([A-Z0-9]{4}-[A-Z0-9]{4})").matcher(out);
        Set<String> seen = new LinkedHashSet<>();
        int shown = 0;
        while (codes.find()) {
            seen.add(codes.group(1));
            shown++;
        }
        assertEquals(2, shown, "the binding message, to the portal and to the contact: " + out);
        assertEquals(1, seen.size(), "the same code on both sides: " + out);
        for (String step : List.of("202 Accepted", "signature checked", "HTTP 200", "state TOKEN_ISSUED", "typ agency-trust+jwt",
                "\"oob\"]", "active True", "revoke: HTTP 200", "introspection now: {\"active\": false}",
                "done: one verification, start to revocation")) {
            assertTrue(out.contains(step), step + " in:\n" + out);
        }
    }

    @Test
    @Order(3)
    void makeDemoSaysWhenMakeRunIsNotUp() throws Exception {
        Run demo = run(List.of("scripts/demo-play.py"), Map.of("AGENCY_VERIFY_SERVICE_URL", "http://127.0.0.1:" + Ports.free(),
                "AGENCY_VERIFY_CACHE", HOME.resolve(".cache/agency-verify").toString()), "make-demo-not-up");
        assertEquals(1, demo.exit(), demo.output());
        assertTrue(demo.output().contains("is not up and ready: start it with `make run`"), demo.output());
    }

    @Test
    @Order(4)
    void theWalkthroughRunsAsWritten() throws Exception {
        // The Audit section's block continues the walkthrough (its operator and agency), in the same terminal.
        List<Block> blocks = new ArrayList<>(blocks(WALKTHROUGH));
        blocks.addAll(blocks(AUDIT, 1));
        Run walk = runForeground(blocks, "walkthrough");
        String out = walk.output();
        assertEquals(0, walk.exit(), out);
        assertTrue(out.contains("\"roles\":[") && out.contains("\"operator\""), out);
        assertTrue(out.contains("\"status\":\"PENDING\""), "the agency, created: " + out);
        assertTrue(out.contains("\"proved\":true"), out);
        assertTrue(out.contains("\"status\":\"APPLIED\""), "the second operator's approval: " + out);
        assertTrue(out.contains("\"status\":\"INVITED\""), out);
        assertTrue(Pattern.compile("\"email\":\"j\\.doe@[^\"]+\",\"name\":\"Jane Doe\",\"badgeNumber\":\"4711\",\"status\":\"ACTIVE\"")
                .matcher(out).find(), "the officer, activated: " + out);
        assertTrue(out.contains("\"clientSecret\":\"") && out.contains("\"access_token\":\""), "the portal's own token: " + out);
        assertTrue(read(HOME.resolve(".cache/agency-verify/demo-dns-records")).contains(" "),
                "the walkthrough's record is kept for later starts of the demo DNS server");
        assertTrue(out.contains("{\"intact\":true,"), "the audit chain: " + out);
        assertTrue(out.contains("\"action\":\"officer.activated\""), "the agency's audit events: " + out);
    }

    @Test
    @Order(5)
    void theEmailedRequestDemoRunsAsWritten() throws Exception {
        Path contactLog = WORK.resolve("demo-contact-ciba.log");
        Process contact = startTheDemoContact(blocks(DEMO), contactLog);
        try {
            Run portal = runForeground(blocks(EMAILED_REQUEST, 1), "emailed-request");
            String out = portal.output();
            assertEquals(0, portal.exit(), out);
            assertTrue(out.contains("\"error\":\"authorization_pending\""), "polled before the answer: " + out);
            assertTrue(out.contains("{\"access_token\":\"ey"), "the token once the agency approved: " + out);
            assertTrue(out.contains("\"error\":\"invalid_grant\""), "collected once: " + out);
            assertTrue(out.contains("\"error\":\"unknown_user_id\""), "a sender no agency can confirm: " + out);

            String asked = read(contactLog);
            assertTrue(asked.contains("Code \"EXCH-4471\"") && asked.contains("(NOT_ENROLLED)"), asked);
            assertTrue(asked.contains("\"verificationState\":\"APPROVED\""), asked);
        } finally {
            stopTheDemoContact(contact);
        }
    }

    /**
     * The demo section's agency system in a terminal of its own, started first (a receiver that is not up yet
     * only delays the delivery: outbox retry), with the person's y typed ahead.
     */
    private static Process startTheDemoContact(List<Block> demoBlocks, Path log) throws Exception {
        List<Block> background = demoBlocks.stream().filter(b -> b.mark().startsWith("in the background")).toList();
        assertEquals(1, background.size(), "the demo's agency system (scripts/demo-contact.java)");
        Process contact = bash(background.get(0).code(), log);
        waitFor(log, "listening on http://127.0.0.1:" + RECEIVER_PORT + "/", contact);
        OutputStream keyboard = contact.getOutputStream();
        keyboard.write("y\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return contact;
    }

    /** Last, on the demo data and what the blocks added: the README's pictures of the console (ConsoleScreenshots). */
    @Test
    @Order(6)
    void theConsoleScreenshotsAreTakenFromTheDemoData() throws Exception {
        Properties operator = new Properties();
        try (var in = Files.newBufferedReader(STACK_CACHE.resolve("local-operator.env"))) {
            operator.load(in);
        }
        Properties demo = new Properties();
        try (var in = Files.newBufferedReader(HOME.resolve(".cache/agency-verify/demo.env"))) {
            demo.load(in);
        }
        String agency = "/console/agencies/" + demo.getProperty("DEMO_AGENCY_ID");
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("home", "/console");
        pages.put("officers", agency + "/officers");
        pages.put("verifications", agency + "/verifications");
        pages.put("contacts", agency + "/contacts");
        pages.put("directory", agency + "/directory");
        pages.put("agency-queue", "/console/operator/agencies?status=ANY");
        pages.put("portals", "/console/operator/portals");
        pages.put("keys-and-audit", "/console/operator/service");
        try (ConsoleScreenshots screenshots = new ConsoleScreenshots("http://127.0.0.1:" + PORT)) {
            Map<String, Path> written = screenshots.signIn(operator.getProperty("AGENCY_VERIFY_LOCAL_OPERATOR_EMAIL"),
                    operator.getProperty("AGENCY_VERIFY_LOCAL_OPERATOR_PASSWORD"), ReadmeDemoIT::operatorCode).capture(pages);
            assertEquals(pages.size(), written.size(), written.toString());
            assertTrue(written.keySet().stream().noneMatch(h -> h.equals("Not yours to see") || h.startsWith("Sign in again")),
                    "every page shows its data: " + written.keySet());
            for (Path file : written.values()) {
                assertTrue(Files.size(file) > 10_000, file + " is a picture");
            }
        }
    }

    /** The operator's next unused one-time code, from the seed script as `make run`'s people take them. */
    private static String operatorCode() {
        try {
            Run code = run(List.of("scripts/demo-seed.py", "totp", "operator"),
                    Map.of("AGENCY_VERIFY_CACHE", HOME.resolve(".cache/agency-verify").toString()), "console-totp");
            assertEquals(0, code.exit(), code.output());
            return code.output().strip();
        } catch (Exception e) {
            throw new IllegalStateException("no one-time code for the operator", e);
        }
    }

    private static void stopTheDemoContact(Process contact) throws Exception {
        List<ProcessHandle> handles = new ArrayList<>(contact.descendants().toList());
        handles.add(contact.toHandle());
        handles.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : handles) {
            handle.onExit().get(30, TimeUnit.SECONDS);
        }
        contact.getOutputStream().close();
    }

    /** As {@link #runForeground(List, String, String)}, for blocks that capture their ids themselves. */
    private static Run runForeground(List<Block> blocks, String name) throws Exception {
        assertTrue(blocks.stream().anyMatch(b -> b.mark().isEmpty() && CAPTURE.matcher(b.code()).find()),
                "the blocks capture their ids themselves");
        return runForeground(blocks, name, "set -e -o pipefail\n");
    }

    /** The foreground blocks, one bash (one terminal), each captured variable checked non-empty. */
    private static Run runForeground(List<Block> blocks, String name, String prelude) throws Exception {
        StringBuilder script = new StringBuilder(prelude);
        Set<String> captured = new LinkedHashSet<>();
        for (Block block : blocks) {
            if (block.mark().isEmpty()) {
                script.append(block.code()).append('\n');
                Matcher capture = CAPTURE.matcher(block.code());
                while (capture.find()) {
                    captured.add(capture.group(1));
                }
            }
        }
        for (String variable : captured) {
            script.append("[[ -n ${").append(variable).append(":-} ]] || { echo \"README: ").append(variable)
                    .append(" is empty\" >&2; exit 97; }\n");
        }
        Path log = WORK.resolve(name + ".log");
        Process process = bash(script.toString(), log);
        process.getOutputStream().close();
        return finish(process, log, name);
    }

    static List<Block> blocks(String title) throws IOException {
        return blocks(title, 2);
    }

    /** The section's ```sh blocks with their marks (at least {@code runnable} unmarked); every mark is one this test knows. */
    static List<Block> blocks(String title, int runnable) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## " + title + "\n");
        assertTrue(start >= 0, "README section " + title);
        int end = readme.indexOf("\n## ", start + 4);
        Matcher matcher = BLOCK.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<Block> blocks = new ArrayList<>();
        while (matcher.find()) {
            String mark = matcher.group(1) == null ? "" : matcher.group(1).strip();
            assertTrue(mark.isEmpty() || mark.startsWith("skip,") || mark.startsWith("in the background"), "unknown mark: " + mark);
            blocks.add(new Block(mark, localPorts(matcher.group(2))));
        }
        assertTrue(blocks.stream().filter(b -> b.mark().isEmpty()).count() >= runnable, "runnable blocks in " + title);
        return blocks;
    }

    /** The README's ports, as a person's `make run` has them, become this run's. */
    private static String localPorts(String code) {
        return code.replace("localhost:8080", "localhost:" + PORT).replace("15354", String.valueOf(FORWARD_PORT));
    }

    private static Process bash(String script, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script);
        builder.environment().put("HOME", HOME.toString());
        // The demo DNS server of this run (a person's make run has it on 15353, the scripts' default).
        builder.environment().put("DEMO_DNS_PORT", String.valueOf(DNS_PORT));
        builder.environment().put("DEMO_DNS_FORWARD_PORT", String.valueOf(FORWARD_PORT));
        builder.environment().put("AGENCY_VERIFY_STACK_CACHE", STACK_CACHE.toString());
        return start(builder, log);
    }

    private static Run run(List<String> command, Map<String, String> env, String name) throws Exception {
        Path log = WORK.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().put("AGENCY_VERIFY_STACK_CACHE", STACK_CACHE.toString());
        Process process = start(builder, log);
        process.getOutputStream().close();
        return finish(process, log, name);
    }

    /**
     * Output through a pipe copied to the log, as a terminal would take it: with a file as stdout and stderr,
     * the blocks' {@code tee /dev/stderr} would open the file again and truncate it.
     */
    private static Process start(ProcessBuilder builder, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Process process = builder.redirectErrorStream(true).start();
        OutputStream file = Files.newOutputStream(log);
        Thread copy = new Thread(() -> {
            try (file; var output = process.getInputStream()) {
                output.transferTo(file);
            } catch (IOException e) {
                // the process is gone; what was copied stays
            }
        }, "output-" + log.getFileName());
        copy.setDaemon(true);
        copy.start();
        COPIES.put(process, copy);
        return process;
    }

    private static Run finish(Process process, Path log, String name) throws InterruptedException {
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            fail(name + " did not finish within 180 s:\n" + read(log));
        }
        COPIES.get(process).join(TimeUnit.SECONDS.toMillis(10));
        return new Run(process.exitValue(), read(log));
    }

    private static void waitFor(Path log, String text, Process process) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!read(log).contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("no \"" + text + "\" from the demo contact:\n" + read(log));
            }
            Eventually.sleep(200);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The tests' database: the one the build was told (-D%test.quarkus.datasource.jdbc.url), as for StoredSecretRows. */
    private static String testDatabase() throws IOException {
        try (var reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
            CONFIG.load(reader);
        }
        return System.getProperty("%test.quarkus.datasource.jdbc.url", CONFIG.getProperty("%test.quarkus.datasource.jdbc.url"));
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(database, CONFIG.getProperty("quarkus.datasource.username"),
                CONFIG.getProperty("quarkus.datasource.password"));
    }
}
