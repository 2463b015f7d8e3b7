package dev.profilebridge.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a process that binds later (a broker, a service started as a process). A port from {@code new
 * ServerSocket(0)} lies in the kernel's ephemeral range, the one every outgoing connection (a Kafka client, an HTTP
 * client) takes its local port from: between picking it and the process binding it, seconds later, another
 * connection can take it, and the process fails with "port in use" (it did in CI, a chaos replica restarting after
 * 15 s of boot). Ports are therefore picked below that range, at random so that parallel builds rarely meet, and
 * checked free at picking time.
 */
public final class ListenPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default start of the ephemeral range, where the kernel does not say. */
    private static final int DEFAULT_EPHEMERAL_START = 32768;
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;

    private ListenPorts() {
    }

    /** A port below the ephemeral range that nothing listens on now. */
    public static int unused() {
        int below = ephemeralStart();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port between " + LOWEST + " and " + below + " after " + ATTEMPTS
                + " attempts");
    }

    static int ephemeralStart() {
        try {
            int start = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
            return start > LOWEST + 1000 ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    /** Free on every address: services bind the wildcard address or loopback. */
    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
