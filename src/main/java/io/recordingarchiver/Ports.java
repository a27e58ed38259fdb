package io.recordingarchiver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Tries a listening port before Camel's HTTP server does. Camel 4.18's Vert.x servers (the public one
 * and camel-main's management one) log a WARN when their port cannot be opened and the start goes on,
 * so the process runs without its webhook intake or without health and metrics (seen in the chaos soak
 * when a killed instance still held a port, and by a fresh user starting a second instance). Called
 * just before each server opens, it stops the start with a message naming the port and its setting.
 */
public final class Ports {

    private Ports() {
    }

    /**
     * @param host    the bind address (null or blank: every interface)
     * @param port    the port; 0 or less is not checked (chosen by the system)
     * @param what    what the port serves, for the message ("webhook", "management")
     * @param setting the setting that chose it ({@code archiver.http.port})
     * @throws IllegalStateException naming the port and the setting when it cannot be bound
     */
    public static void requireFree(String host, int port, String what, String setting) {
        if (port <= 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host == null || host.isBlank() ? "0.0.0.0" : host, port));
        } catch (IOException e) {
            throw new IllegalStateException("The " + what + " port " + port + " (" + setting + ") could not be opened: "
                    + e.getMessage() + " (another process holds it, or the address is not this host's); stopping"
                    + " instead of running without the " + what + " endpoints", e);
        }
    }
}
