package org.agencyverify.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real server process that a test starts on its own ports and stops again, with its output in
 * target/ for when it does not come up. Never used on the machine's shared servers.
 */
public final class ServerProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    public ServerProcess(String name, List<String> command, Map<String, String> environment) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = Path.of("target", "servers", name + ".log");
    }

    /** Starts the process and waits until {@code ready} holds. */
    public void start(Duration limit, BooleanSupplier ready) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        long deadline = System.nanoTime() + limit.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String reason = process.isAlive() ? "not ready after " + limit.toSeconds() + " s" : "exited with " + process.exitValue();
                stop();
                throw new IllegalStateException(name + " " + reason + "; last output:\n" + tail());
            }
            Eventually.sleep(250);
        }
    }

    /** Stops the process and its children (kc.sh runs Keycloak's JVM as a child). */
    public void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            process.onExit().get(java.util.concurrent.TimeUnit.SECONDS.toMillis(30), java.util.concurrent.TimeUnit.MILLISECONDS);
            for (ProcessHandle child : children) {
                child.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
        process = null;
    }

    /** SIGKILL to the process and its children, as a crashed pod: no shutdown hook runs. */
    public void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // Gone or going: the kernel finishes a SIGKILL on its own.
        }
        process = null;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getClass().getSimpleName() + ")";
        }
    }
}
