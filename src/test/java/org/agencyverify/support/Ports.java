package org.agencyverify.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Spare ports, so tests never collide with other software on a shared machine. Drawn below the kernel's
 * ephemeral range (32768 and up on Linux): a port the kernel handed out for bind(0) is free again once
 * probed, and any outgoing connection of the two test lanes (Keycloak, Redis, browsers) may take it as
 * its local port before the server the test starts binds it ("port in use"). Below that range only
 * servers that choose a port take one, and the probe sees those.
 */
public final class Ports {

    private static final int LOWEST = 20_000;
    private static final int BELOW_EPHEMERAL = 32_768;
    private static final int TRIES = 200;

    private Ports() {}

    public static int free() {
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + BELOW_EPHEMERAL + " after " + TRIES + " tries");
    }

    /** Free on every address (servers under test may bind the wildcard address, not just loopback). */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
