package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * The packaged archiver on its embedded defaults (H2 file database, in-process store) stopped with
 * {@code SIGTERM} while a transfer runs: the database stays open until Camel has stopped, so the
 * graceful shutdown gives its claim back without a "Database is already closed" error (H2's own
 * JVM shutdown hook used to close it while Camel was still stopping), and the claim is found
 * released in the database afterwards.
 */
class EmbeddedShutdownIT {

    private static final long MIB = 1024L * 1024;
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 3;

    @Test
    void sigtermMidTransferReleasesTheClaimWithTheDatabaseStillOpen() throws Exception {
        try (ArchiverEnvironment env = new ArchiverEnvironment()
                .with("archiver.shutdown.timeout", "PT" + SHUTDOWN_TIMEOUT_SECONDS + "S")
                .with("archiver.download.connections-per-file", "1")) {
            RecordingFile video = env.rtk.addFile("embedded-stop.mp4", 120 * MIB + 7, 13);
            env.rtk.throttle(video.name(), 10 * MIB);
            StandInRecording recording = env.rtk.recording(video);

            try (ArchiverProcess archiver = ArchiverProcess.start(env, ArchiverEnvironment.freePort(),
                    "embedded-shutdown")) {
                assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"))
                        .statusCode()).isEqualTo(200);
                Await.until("the transfer to be under way", () -> env.rtk.bytesServed(video.name()) > 6 * MIB);

                archiver.terminate(Duration.ofSeconds(SHUTDOWN_TIMEOUT_SECONDS).plus(Duration.ofMinutes(2)));

                String output = archiver.output();
                assertThat(output).doesNotContain("Database is already closed");
                assertThat(output).contains("Gave back 1 unfinished deliveries to the queue on shutdown");
            }
            assertThat(env.rtk.bytesServed(video.name())).as("stopped mid-transfer").isLessThan(video.size());
            try (Connection db = DriverManager.getConnection(
                    "jdbc:h2:file:" + env.dataDir.resolve("archiver") + ";WRITE_DELAY=0", "sa", "");
                    Statement query = db.createStatement();
                    ResultSet delivery = query.executeQuery("SELECT state, claimed_by FROM delivery")) {
                assertThat(delivery.next()).isTrue();
                assertThat(delivery.getString("state")).isEqualTo("PENDING");
                assertThat(delivery.getString("claimed_by")).as("claim given back").isNull();
                assertThat(delivery.next()).as("one delivery").isFalse();
            }
        }
    }
}
