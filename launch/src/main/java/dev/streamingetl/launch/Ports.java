package dev.streamingetl.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.SplittableRandom;

/** Ports on loopback for the local services: free ones to pick, taken ones reported plainly. */
public final class Ports {

    /** Below the range Linux takes outgoing connections' ports from (32768 and up). */
    static final int FIRST = 20_000;

    static final int LAST = 32_767;

    private Ports() {}

    /**
     * A port on loopback that is free now, below the range the system takes outgoing connections'
     * ports from: a port from that range can be taken by any client's connection between this call
     * and its use (a standalone cluster's REST port once was).
     */
    public static int freePort() {
        SplittableRandom random = new SplittableRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = random.nextInt(FIRST, LAST + 1);
            try (ServerSocket socket =
                    new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // Another one.
            }
        }
        throw new IllegalStateException("no free port on loopback in " + FIRST + ".." + LAST);
    }

    /**
     * Fails with one line naming {@code what} needs the port if something listens on it.
     *
     * @throws IllegalStateException if the port is taken
     */
    public static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            // As a server binds: connections of a server that just stopped do not count.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port "
                            + port
                            + " ("
                            + what
                            + ") is already in use: stop what holds it or pick another port");
        }
    }
}
