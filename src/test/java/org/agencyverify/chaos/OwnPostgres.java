package org.agencyverify.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.agencyverify.support.Ports;

/**
 * A PostgreSQL cluster of the chaos run's own (initdb under target/, a spare port), so the run may stop
 * it in immediate mode. PostgreSQL refuses to run as root: every command runs as the postgres user.
 */
final class OwnPostgres implements AutoCloseable {

    private static final String BIN = "/usr/lib/postgresql/15/bin/";
    static final String DATABASE = "agency_verify";
    static final String USER = "agency_verify";
    static final String PASSWORD = "agency_verify_local";

    private final Path dir;
    private final String listen;
    private final int port = Ports.free();
    private boolean running;

    /** {@code listen}: listen_addresses, e.g. "127.0.0.1" or "127.0.0.1,10.251.77.1". */
    OwnPostgres(Path dir, String listen) {
        this.dir = dir.toAbsolutePath();
        this.listen = listen;
    }

    void init() {
        run("rm", "-rf", dir.toString());
        run("mkdir", "-p", dir.toString());
        run("chown", "postgres:postgres", dir.toString());
        // Only the data directory is the postgres user's; the path to it must be walkable.
        for (Path p = dir.getParent(); p != null && p.startsWith(dir.getRoot()); p = p.getParent()) {
            run("chmod", "o+x", p.toString());
        }
        asPostgres(BIN + "initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        // initdb lets in loopback only; the other listen addresses (a veth's /30) get the same rule.
        for (String address : listen.split(",")) {
            if (!address.startsWith("127.")) {
                appendHba("host all all " + address + "/30 trust\n");
            }
        }
        start();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the chaos database", e);
        }
    }

    private void appendHba(String line) {
        try {
            java.nio.file.Files.writeString(dir.resolve("data").resolve("pg_hba.conf"), line, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        asPostgres(BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "120",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=" + listen + " -c fsync=off -c max_connections=100", "start");
        running = true;
    }

    /** What a crash looks like to clients: every backend ends at once, no checkpoint. */
    void stopImmediate() {
        asPostgres(BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        running = false;
    }

    int port() {
        return port;
    }

    String jdbcUrl() {
        return jdbcUrl("127.0.0.1");
    }

    String jdbcUrl(String host) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + DATABASE;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    @Override
    public void close() {
        if (running) {
            stopImmediate();
        }
    }

    private static void asPostgres(String... command) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
