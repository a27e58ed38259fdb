package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The packaged archiver started while another process holds its webhook or management port (a previous instance
 * still dying, a wrong setting): it stops with a message naming the port and the setting, instead of
 * running half-alive without its intake (seen in the default chaos soak: Vert.x logged "Address
 * already in use" and the process went on, never healthy).
 */
class PortTakenIT {

    @Test
    void aTakenWebhookPortStopsTheStartNamingIt() throws Exception {
        try (ArchiverEnvironment env = new ArchiverEnvironment()) {
            assertThat(startWhileHeld(env, env.httpPort, "port-taken"))
                    .contains("The webhook port " + env.httpPort + " (archiver.http.port) could not be opened");
        }
    }

    /** The same for the management port: health and metrics would be missing while the log listed them. */
    @Test
    void aTakenManagementPortStopsTheStartNamingIt() throws Exception {
        try (ArchiverEnvironment env = new ArchiverEnvironment()) {
            assertThat(startWhileHeld(env, env.managementPort, "management-port-taken"))
                    .contains("The management port " + env.managementPort + " (archiver.management.port) could not be"
                            + " opened")
                    .doesNotContain("Management port " + env.managementPort + " serves");
        }
    }

    /** Starts the jar while a socket holds {@code port}; requires exit status 1 and returns the run's log. */
    private static String startWhileHeld(ArchiverEnvironment env, int port, String name) throws Exception {
        Files.deleteIfExists(Path.of("target", name + ".log"));
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress("0.0.0.0", port));

            assertThatThrownBy(() -> ArchiverProcess.start(env, 0, name).close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited with 1");
        }
        return Files.readString(Path.of("target", name + ".log"));
    }
}
