package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.recordingarchiver.testkit.DeliveryOptions;
import io.recordingarchiver.testkit.PayloadOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** A recording's whole way from RealtimeKit's webhooks to the bucket, and the ways it can go wrong. */
class ArchiveEndToEndTest extends ArchiverTestBase {

    private static final int MIB = 1024 * 1024;

    @Test
    void uploadedRecordingIsArchivedByteForByteWithMetadataAudioAndManifest() throws Exception {
        RecordingFile video = env.rtk.addFile("full.mp4", 12L * MIB + 4321, 11);
        RecordingFile audio = env.rtk.addFile("full.mp3", 300_000, 12);
        StandInRecording recording = env.rtk.recording(video).audio(audio);

        for (String status : new String[] {"INVOKED", "RECORDING", "UPLOADING", "UPLOADED"}) {
            HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, status));
            assertThat(answer.statusCode()).as(status).isEqualTo(200);
            assertThat(answer.body()).contains("\"result\":\"accepted\"");
        }
        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");

        String key = "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();
        assertThat(row.get("object_key")).isEqualTo(key);
        assertThat(row.get("sha256")).isEqualTo(video.sha256Hex());
        assertThat(row.get("status")).isEqualTo("UPLOADED");
        assertThat(objectSha256(key)).isEqualTo(video.sha256Hex());
        HeadObjectResponse head = head(key);
        assertThat(head.contentLength()).isEqualTo(video.size());
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(head.metadata())
                .containsEntry("recording-id", recording.id())
                .containsEntry("meeting-id", recording.meetingId())
                .containsEntry("session-id", recording.sessionId())
                .as("written once: the SHA-256 goes to the manifest, not onto the object afterwards")
                .doesNotContainKey("sha256");

        String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        assertThat(objectSha256(folder + "audio.mp3")).isEqualTo(audio.sha256Hex());
        String manifest = objectText(folder + "manifest.json");
        assertThat(manifest)
                .contains(recording.id(), recording.meetingId(), video.sha256Hex(), audio.sha256Hex(),
                        recording.meetingTitle(), "video/mp4", "audio/mpeg")
                .doesNotContain("X-Amz-Signature", "?");
        assertThat(env.rtk.bytesServed("full.mp4")).as("every byte fetched once").isEqualTo(video.size());
        assertThat(env.rtk.bytesServed("full.mp3")).isEqualTo(audio.size());
    }

    @Test
    void erroredRecordingGoesToTheErrorRouteAndNothingIsDownloaded() throws Exception {
        RecordingFile video = env.rtk.addFile("errored.mp4", 1000, 21);
        StandInRecording recording = env.rtk.recording(video);

        assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "RECORDING")).statusCode())
                .isEqualTo(200);
        assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "ERRORED")).statusCode())
                .isEqualTo(200);

        Map<String, Object> row = awaitState(recording.id(), "ERRORED");
        assertThat(row.get("reason")).isEqualTo("recording-errored");
        assertThat(row.get("report_key")).isEqualTo("errors/" + recording.id() + ".json");
        assertThat(objectText("errors/" + recording.id() + ".json")).contains(recording.id(), "recording-errored");
        assertThat(env.rtk.requests("errored.mp4")).isZero();
        assertNoObjectUnder(s3(), "recordings/" + recording.meetingId() + "/");
    }

    @Test
    void statusesBeforeUploadedAreOnlyTracked() throws Exception {
        RecordingFile video = env.rtk.addFile("tracked.mp4", 1000, 31);
        StandInRecording recording = env.rtk.recording(video);

        for (String status : new String[] {"INVOKED", "RECORDING", "PAUSED", "RECORDING", "UPLOADING"}) {
            assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, status)).statusCode())
                    .isEqualTo(200);
        }
        awaitDeliveriesDone(recording.id());

        assertThat(ledger().find(recording.id())).containsEntry("status", "UPLOADING")
                .containsEntry("archive_state", "TRACKING");
        assertThat(env.rtk.requests("tracked.mp4")).isZero();
        assertNoObjectUnder(s3(), "recordings/" + recording.meetingId() + "/");
    }

    @Test
    void lateStatusNeverMovesARecordingBackwards() throws Exception {
        RecordingFile video = env.rtk.addFile("late.mp4", 2000, 41);
        StandInRecording recording = env.rtk.recording(video);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        awaitState(recording.id(), "ARCHIVED");
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "RECORDING"));
        awaitDeliveriesDone(recording.id());

        assertThat(ledger().find(recording.id())).containsEntry("status", "UPLOADED")
                .containsEntry("archive_state", "ARCHIVED");
        assertThat(env.rtk.requests("late.mp4")).isEqualTo(1);
    }

    @Test
    void linkAboutToExpireIsRefreshedThroughTheRestApi() throws Exception {
        RecordingFile video = env.rtk.addFile("refresh.mp4", 6L * MIB, 51);
        StandInRecording recording = env.rtk.recording(video).status("UPLOADED");
        int apiCallsBefore = env.rtk.apiCalls();

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED",
                PayloadOptions.defaults().linkExpiry(Instant.now().plus(2, ChronoUnit.MINUTES))));

        awaitState(recording.id(), "ARCHIVED");
        assertThat(env.rtk.apiCalls()).isGreaterThan(apiCallsBefore);
        String key = "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();
        assertThat(objectSha256(key)).isEqualTo(video.sha256Hex());
    }

    @Test
    void deadLinkThatCannotBeRefreshedIsReportedAsLinkExpired() throws Exception {
        RecordingFile video = env.rtk.addFile("dead.mp4", 1000, 61);
        StandInRecording recording = env.rtk.recording(video).status("UPLOADED");
        env.rtk.refreshGivesExpiredLink(recording.id());

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED",
                PayloadOptions.defaults().linkExpiry(Instant.now().minus(1, ChronoUnit.HOURS))));

        Map<String, Object> row = awaitState(recording.id(), "ERRORED");
        assertThat(row.get("reason")).isEqualTo("link-expired");
        assertThat(objectText("errors/" + recording.id() + ".json")).contains("link-expired");
        assertThat(env.rtk.requests("dead.mp4")).isZero();
    }

    @Test
    void uploadedWithoutAnyDownloadLinkIsReportedNotRetried() throws Exception {
        RecordingFile video = env.rtk.addFile("nolink.mp4", 1000, 71);
        StandInRecording recording = env.rtk.recording(video);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED",
                PayloadOptions.defaults().noDownloadLink()));

        Map<String, Object> row = awaitState(recording.id(), "ERRORED");
        assertThat(row.get("reason")).isEqualTo("no-download-link");
        assertThat(head("errors/" + recording.id() + ".json")).isNotNull();
    }

    @Test
    void dyteHeadersLegacyTimestampsAndNumericFileSizeAreAccepted() throws Exception {
        RecordingFile video = env.rtk.addFile("legacy.mp4", 7L * MIB, 81);
        StandInRecording recording = env.rtk.recording(video);

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(),
                env.rtk.statusUpdate(recording, "UPLOADED",
                        PayloadOptions.defaults().legacyTimestamps().fileSizeAsNumber().stopReasonDictString()
                                .unknownFields()),
                DeliveryOptions.defaults().dytePrefix());

        assertThat(answer.statusCode()).isEqualTo(200);
        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");
        assertThat(row.get("size_bytes")).isEqualTo(video.size());
        assertThat(row.get("sha256")).isEqualTo(video.sha256Hex());
    }

    @Test
    void sizeMismatchFailsTheArchiveAndLeavesNoObjectAtTheFinalKey() throws Exception {
        RecordingFile video = env.rtk.addFile("short.mp4", 6L * MIB, 91);
        StandInRecording recording = env.rtk.recording(video);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED",
                PayloadOptions.defaults().fileSize(video.size() + 1)));

        Map<String, Object> row = awaitState(recording.id(), "FAILED");
        assertThat(row.get("reason")).isEqualTo("size-mismatch");
        assertThat((String) row.get("last_error")).doesNotContain("X-Amz", "?");
        String key = "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();
        assertThat(head(key)).isNull();
        assertThat(s3().listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void recordingInTheBucketAlreadyIsNotDownloadedAgainEvenWhenTheStateWasLost() throws Exception {
        RecordingFile video = env.rtk.addFile("lost-state.mp4", 6L * MIB, 111);
        StandInRecording recording = env.rtk.recording(video);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        awaitState(recording.id(), "ARCHIVED");

        db().update("DELETE FROM delivery WHERE recording_id = ?", recording.id());
        db().update("DELETE FROM recording WHERE recording_id = ?", recording.id());
        db().update("DELETE FROM stored_file");
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");
        assertThat(row.get("sha256")).as("taken from the manifest").isEqualTo(video.sha256Hex());
        assertThat(env.rtk.bytesServed("lost-state.mp4")).isEqualTo(video.size());
    }

    @Test
    void sameDeliveryTwiceIsStoredOnceAndAnsweredDuplicate() throws Exception {
        RecordingFile video = env.rtk.addFile("twice.mp4", 1000, 101);
        StandInRecording recording = env.rtk.recording(video);
        String body = env.rtk.statusUpdate(recording, "RECORDING");

        HttpResponse<String> first = env.rtk.deliver(env.webhookUrl(), body,
                DeliveryOptions.defaults().deliveryUuid("1b7f0c2e-4a7e-4c55-9b7e-0d3a5c1e2f11"));
        HttpResponse<String> again = env.rtk.deliver(env.webhookUrl(), body,
                DeliveryOptions.defaults().deliveryUuid("1b7f0c2e-4a7e-4c55-9b7e-0d3a5c1e2f11"));
        HttpResponse<String> newUuid = env.rtk.deliver(env.webhookUrl(), body);

        assertThat(first.body()).contains("accepted");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
        assertThat(newUuid.body()).contains("duplicate");
        assertThat(db().queryForObject("SELECT COUNT(*) FROM delivery WHERE recording_id = ?", Integer.class,
                recording.id())).isEqualTo(1);
    }
}
