package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A bare HTTP endpoint listed in {@code archiver.hooks.on-recording-archived} (no recipe route in
 * front of it): it receives the archived recording's JSON summary, and when it fails the failure is
 * reported as a hook failure (log line, dead-letter metric) while the recording stays ARCHIVED, the
 * extension point counts as run (not called again on every lease) and the delivery is done.
 */
class BareHookTest extends ArchiverTestBase {

    private HookReceiver receiver;

    @Override
    protected ArchiverEnvironment environment() {
        receiver = new HookReceiver();
        return new ArchiverEnvironment()
                .with("archiver.hooks.on-recording-archived", receiver.url("/archived/${variable.event.recordingId}"));
    }

    @AfterAll
    void closeReceiver() {
        receiver.close();
    }

    @Test
    void aBareHttpHookGetsTheArchivedRecordingsSummary() throws Exception {
        RecordingFile video = env.rtk.addFile("bare-hook.mp4", 1024 * 1024 + 5, 901);
        StandInRecording recording = env.rtk.recording(video);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        String summary = receiver.await(recording.id(), 1).get(0);
        assertThat(summary).contains("\"event\":\"recording.archived\"", "\"recordingId\":\"" + recording.id() + "\"",
                video.sha256Hex(), "\"bucket\":\"recordings\"");
        assertThat(receiver.paths()).contains("/archived/" + recording.id());
        awaitDeliveriesDone(recording.id());
        assertThat(ledger().archivedHookPending(recording.id())).isFalse();
    }

    @Test
    void aFailingBareHookIsReportedOnceAndTheRecordingStaysArchived() throws Exception {
        LogCapture log = LogCapture.attach();
        receiver.answer(500);
        try {
            RecordingFile video = env.rtk.addFile("bare-hook-down.mp4", 1000, 902);
            StandInRecording recording = env.rtk.recording(video);

            env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

            awaitDeliveriesDone(recording.id());
            assertThat(ledger().archiveState(recording.id())).isEqualTo("ARCHIVED");
            assertThat(ledger().archivedHookPending(recording.id())).as("given up on, not pending forever").isFalse();
            assertThat(receiver.paths().stream().filter(("/archived/" + recording.id())::equals)).hasSize(1);
            Await.until("the hook failure to be logged", () -> log.text().contains(
                    "Hook on-recording-archived gave up on recording " + recording.id()));
            assertThat(log.text()).doesNotContain("FAILED (").doesNotContain("Error processing exchange");
            assertThat(new ManagementClient(env.managementPort).get("/observe/metrics").body())
                    .contains("archiver_dead_letters_total{route=\"on-recording-archived\"} 1.0");
        } finally {
            receiver.answer(200);
        }
    }
}
