package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/** Scheduled reconciliation with the REST API (every second here): missed webhooks are archived all the same. */
class ReconcileTest extends ArchiverTestBase {

    private final LogCapture log = LogCapture.attach();

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.reconcile.interval", "PT1S");
    }

    @Test
    void uploadedRecordingWhoseWebhookNeverArrivedIsArchived() throws Exception {
        RecordingFile video = env.rtk.addFile("missed.mp4", 5000, 901);
        StandInRecording recording = env.rtk.recording(video);

        awaitState(recording.id(), "ARCHIVED");

        assertThat(db().queryForList("SELECT delivery_id FROM delivery WHERE recording_id = ?", String.class,
                recording.id())).containsExactly("reconcile:" + recording.id());
        String key = "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();
        assertThat(objectSha256(key)).isEqualTo(video.sha256Hex());
        // the run's summary line renders (a method named like a getter once failed every run after enqueueing)
        Await.until("a reconciliation summary that enqueued the recording",
                () -> log.text().matches("(?s).*UPLOADED recordings listed on \\d+ pages, 1 enqueued.*"));
        assertThat(log.text()).doesNotContain("Failed delivery for");
    }

    @Test
    void archivedRecordingIsNotEnqueuedAgain() throws Exception {
        RecordingFile video = env.rtk.addFile("webhooked.mp4", 5000, 902);
        StandInRecording recording = env.rtk.recording(video);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        awaitState(recording.id(), "ARCHIVED");

        awaitListings(2);

        assertThat(db().queryForObject("SELECT COUNT(*) FROM delivery WHERE recording_id = ?", Integer.class,
                recording.id())).isEqualTo(1);
        assertThat(env.rtk.requests("webhooked.mp4")).isEqualTo(1);
    }

    @Test
    void recordingsThatAreNotUploadedAreLeftAlone() throws Exception {
        RecordingFile video = env.rtk.addFile("still-uploading.mp4", 5000, 903);
        StandInRecording recording = env.rtk.recording(video).status("UPLOADING");

        awaitListings(2);

        assertThat(db().queryForObject("SELECT COUNT(*) FROM delivery WHERE recording_id = ?", Integer.class,
                recording.id())).as("nothing enqueued").isZero();
        assertThat(ledger().archiveState(recording.id())).isNull();
        assertThat(env.rtk.requests("still-uploading.mp4")).isZero();
    }

    @Test
    void listingThrottledWithRetryAfterStillArchivesTheMissedRecording() throws Exception {
        env.rtk.throttleNextApiCalls(3, 1);
        RecordingFile video = env.rtk.addFile("missed-throttled.mp4", 5000, 904);
        StandInRecording recording = env.rtk.recording(video);

        awaitState(recording.id(), "ARCHIVED");
    }

    @Test
    void adminCallsAreRefusedWhenNoAdminTokenIsConfigured() throws Exception {
        HttpResponse<String> answer = new AdminClient(env.managementPort).post("/admin/backfill?from="
                + Instant.now().minusSeconds(60) + "&to=" + Instant.now(), "Bearer anything");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(ManagementClient.json(answer).path("error").asText())
                .contains("disabled", "set archiver.admin.token", "ARCHIVER_ADMIN_TOKEN");
    }

    /**
     * Waits until {@code runs} more reconciliation runs have finished: one list call more than that
     * has arrived (runs are one page each here and never overlap, so the run of the last call
     * awaited had ended, enqueueing included, before the next one started).
     */
    private void awaitListings(int runs) {
        int target = env.rtk.apiCalls() + runs + 1;
        Await.until(runs + " more reconciliation runs", () -> env.rtk.apiCalls() >= target);
    }
}
