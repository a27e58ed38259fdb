package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/** Scheduled reconciliation with the REST API (every second here): missed webhooks are archived all the same. */
class ReconcileTest extends ArchiverTestBase {

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

    /** Waits until the REST API has answered at least {@code runs} more list calls. */
    private void awaitListings(int runs) throws InterruptedException {
        int target = env.rtk.apiCalls() + runs;
        Instant deadline = Instant.now().plusSeconds(20);
        while (env.rtk.apiCalls() < target) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("reconciliation did not call the REST API " + runs + " times within 20 s");
            }
            Thread.sleep(50);
        }
        Thread.sleep(500);
    }
}
