package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The packaged archiver started while another process holds its webhook port (a previous instance
 * still dying, a wrong setting): it stops with a message naming the port and the setting, instead of
 * running half-alive without its intake (seen in the default chaos soak: Vert.x logged "Address
 * already in use" and the process went on, never healthy).
 */
class PortTakenIT {

    @Test
    void aTakenWebhookPortStopsTheStartNamingIt() throws Exception {
        try (ArchiverEnvironment env = new ArchiverEnvironment();
                ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress("0.0.0.0", env.httpPort));

            assertThatThrownBy(() -> ArchiverProcess.start(env, 0, "port-taken").close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited with");

            String log = Files.readString(Path.of("target", "port-taken.log"));
            assertThat(log).contains("The webhook port " + env.httpPort + " (archiver.http.port) could not be opened");
        }
    }

    /** The same for the management port: health and metrics would be missing while the log listed them. */
    @Test
    void aTakenManagementPortStopsTheStartNamingIt() throws Exception {
        Files.deleteIfExists(Path.of("target", "management-port-taken.log"));
        try (ArchiverEnvironment env = new ArchiverEnvironment();
                ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress("0.0.0.0", env.managementPort));

            assertThatThrownBy(() -> ArchiverProcess.start(env, 0, "management-port-taken").close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited with 1");

            String log = Files.readString(Path.of("target", "management-port-taken.log"));
            assertThat(log).contains("The management port " + env.managementPort
                    + " (archiver.management.port) could not be opened").doesNotContain("Management port "
                    + env.managementPort + " serves");
        }
    }
}
