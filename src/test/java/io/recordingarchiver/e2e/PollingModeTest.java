package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * archiver.intake.mode=polling: no webhook at all, the public port closed, the REST API's list read
 * every archiver.poll.interval, and every status it reports driving the same state machine and
 * routes as a webhook delivery would.
 */
class PollingModeTest extends ArchiverTestBase {

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.intake.mode", "polling")
                .with("archiver.poll.interval", "PT0.3S")
                // reconciliation is mode both's: it must not run here even when due
                .with("archiver.reconcile.interval", "PT0.2S");
    }

    @Test
    void uploadedRecordingIsArchivedWithoutAnyWebhook() throws Exception {
        RecordingFile video = env.rtk.addFile("polled.mp4", 6000, 9001);
        StandInRecording recording = env.rtk.recording(video);

        awaitState(recording.id(), "ARCHIVED");

        assertThat(db().queryForList("SELECT delivery_id FROM delivery WHERE recording_id = ?", String.class,
                recording.id())).containsExactly("poll:" + recording.id() + ":UPLOADED");
        String key = "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();
        assertThat(objectSha256(key)).isEqualTo(video.sha256Hex());
    }

    @Test
    void erroredRecordingIsReportedThroughTheErrorRoute() throws Exception {
        RecordingFile video = env.rtk.addFile("polled-errored.mp4", 100, 9002);
        StandInRecording recording = env.rtk.recording(video).status("ERRORED");

        Map<String, Object> row = awaitState(recording.id(), "ERRORED");

        assertThat(row.get("reason")).isEqualTo("recording-errored");
        assertThat(objectText("errors/" + recording.id() + ".json")).contains(recording.id(), "recording-errored");
        assertThat(env.rtk.requests("polled-errored.mp4")).isZero();
    }

    @Test
    void statusesBeforeUploadedAreTrackedAndTheRecordingMovesOn() throws Exception {
        RecordingFile video = env.rtk.addFile("polled-live.mp4", 4000, 9003);
        StandInRecording recording = env.rtk.recording(video).status("RECORDING");

        awaitLedgerStatus(recording.id(), "RECORDING");
        assertThat(ledger().archiveState(recording.id())).isNotEqualTo("ARCHIVED");
        recording.status("UPLOADED");
        awaitState(recording.id(), "ARCHIVED");

        assertThat(db().queryForList("SELECT delivery_id FROM delivery WHERE recording_id = ? ORDER BY delivery_id",
                String.class, recording.id()))
                .containsExactly("poll:" + recording.id() + ":RECORDING", "poll:" + recording.id() + ":UPLOADED");
    }

    @Test
    void thePublicWebhookPortStaysClosedWhileTheManagementPortServes() throws Exception {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", env.httpPort), 2000);
            }
        }).isInstanceOf(ConnectException.class);
        assertThat(new ManagementClient(env.managementPort).get("/observe/health").statusCode()).isEqualTo(200);
        // nor does the webhook path move to the management port
        RecordingFile video = env.rtk.addFile("never-delivered.mp4", 100, 9005);
        StandInRecording recording = env.rtk.recording(video).status("RECORDING");
        URI wrongPort = URI.create("http://127.0.0.1:" + env.managementPort + "/webhooks/realtimekit");
        assertThat(env.rtk.deliver(wrongPort, env.rtk.statusUpdate(recording, "UPLOADED")).statusCode()).isEqualTo(404);
    }

    @Test
    void aThrottledListIsRetriedAfterItsRetryAfter() throws Exception {
        env.rtk.throttleNextApiCalls(3, 1);
        RecordingFile video = env.rtk.addFile("polled-throttled.mp4", 3000, 9004);
        StandInRecording recording = env.rtk.recording(video);

        awaitState(recording.id(), "ARCHIVED");
    }

    private void awaitLedgerStatus(String recordingId, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> row = ledger().find(recordingId);
            if (row != null && status.equals(row.get("status"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("recording " + recordingId + " did not reach status " + status + ": "
                + ledger().find(recordingId));
    }
}
