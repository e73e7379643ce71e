package org.agencyverify.common.net;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.support.ScriptedDns;

/**
 * For outbound tests: a scripted DNS server the service resolves registered hosts with, and a self-signed
 * certificate for {@link #TLS_HOST} (made with the JDK's keytool) that only the service's outbound TLS
 * configuration trusts. Only 127.0.0.2 counts as an allowed internal address here: 127.0.0.1 is the
 * forbidden one, where a second receiver listens.
 */
public class OutboundTestServers implements QuarkusTestResourceLifecycleManager {

    public static final String ALLOWED = "127.0.0.2";
    public static final String FORBIDDEN = "127.0.0.1";
    public static final String TLS_HOST = "hooks.tls.test";
    public static final char[] PASSWORD = "receiver-only".toCharArray();

    private static ScriptedDns dns;
    private static Path keyStore;

    public static ScriptedDns dns() {
        return dns;
    }

    /** The TLS receiver's key and certificate (PKCS#12). */
    public static Path keyStore() {
        return keyStore;
    }

    @Override
    public Map<String, String> start() {
        dns = new ScriptedDns();
        Path dir = Path.of("target", "outbound-tls-" + UUID.randomUUID()).toAbsolutePath();
        keyStore = dir.resolve("receiver.p12");
        Path certificate = dir.resolve("receiver.pem");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keytool("-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + TLS_HOST, "-ext", "SAN=dns:" + TLS_HOST, "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", "receiver", "-keystore", keyStore.toString(), "-storepass",
                new String(PASSWORD), "-file", certificate.toString());
        return Map.of(
                "agency-verify.outbound.resolver", "127.0.0.1:" + dns.port(),
                "agency-verify.outbound.lookup-timeout", "2S",
                "agency-verify.outbound.allowed-internal-addresses", ALLOWED,
                "quarkus.tls.outbound.trust-store.pem.certs", certificate.toString());
    }

    private static void keytool(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (dns != null) {
            dns.close();
        }
    }
}
