package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.recordingarchiver.transfer.EmbeddedS3;
import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/** Failures that a later attempt does not meet: retried with backoff, and nothing fetched twice. */
class TransientFailuresTest extends ArchiverTestBase {

    private static final long MIB = 1024L * 1024;

    private final LogCapture log = LogCapture.attach();

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment()
                // a fixed port, so the embedded store comes back where the client expects it
                .with("archiver.s3.embedded-port", String.valueOf(ArchiverEnvironment.freePort()))
                .with("archiver.retry.max-redeliveries", "5")
                .with("archiver.retry.initial-delay", "PT0.3S")
                .with("archiver.retry.max-delay", "PT2S")
                // one stream per file: these tests count requests and Range headers of a single-stream resume
                .with("archiver.download.connections-per-file", "1");
    }

    @Test
    void downloadFailingTwiceThenSucceedingIsArchivedOnce() throws Exception {
        RecordingFile video = env.rtk.addFile("flaky.mp4", 6 * MIB, 1);
        StandInRecording recording = env.rtk.recording(video);
        env.rtk.failNextRequests("flaky.mp4", 2, 500);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");
        assertThat(row.get("sha256")).isEqualTo(video.sha256Hex());
        assertThat(env.rtk.requests("flaky.mp4")).isEqualTo(3);
        assertThat(env.rtk.bytesServed("flaky.mp4")).isEqualTo(video.size());
    }

    @Test
    void transferCutMidwayResumesWithARangeRequestAndFetchesNoStoredPartAgain() throws Exception {
        RecordingFile video = env.rtk.addFile("cut.mp4", 20 * MIB + 123, 2);
        StandInRecording recording = env.rtk.recording(video);
        env.rtk.cutAfterBytes("cut.mp4", 13 * MIB);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");
        assertThat(row.get("sha256")).isEqualTo(video.sha256Hex());
        String key = "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();
        assertThat(objectSha256(key)).isEqualTo(video.sha256Hex());
        List<String> ranges = env.rtk.rangeHeadersSeen("cut.mp4");
        assertThat(ranges).hasSize(1);
        long resumedFrom = Long.parseLong(ranges.get(0).replaceAll("bytes=(\\d+)-.*", "$1"));
        assertThat(resumedFrom).isPositive().isLessThanOrEqualTo(13 * MIB).isEqualTo(resumedFrom / (5 * MIB) * 5 * MIB);
        assertThat(env.rtk.bytesServed("cut.mp4")).as("the stored parts are not fetched again")
                .isEqualTo(13 * MIB + video.size() - resumedFrom);
    }

    @Test
    void bucketUnavailableForAWhileThenBackIsArchived() throws Exception {
        RecordingFile video = env.rtk.addFile("s3-down.mp4", 6 * MIB, 3);
        StandInRecording recording = env.rtk.recording(video);
        EmbeddedS3 store = context.hasService(EmbeddedS3.class);
        store.stop();
        try {
            env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
            awaitAttempt(recording.id());
            // the attempt has met the stopped store and is waiting to be retried
            Await.until("an archive attempt to fail against the stopped store",
                    () -> log.text().contains("On delivery attempt"));
        } finally {
            store.start();
        }

        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");
        assertThat(row.get("sha256")).isEqualTo(video.sha256Hex());
    }

    /** Waits until the archiver has claimed the recording's delivery at least once. */
    private void awaitAttempt(String recordingId) throws InterruptedException {
        Await.until("the delivery of " + recordingId + " to be claimed", () -> {
            Integer attempts = db().queryForObject("SELECT MAX(attempts) FROM delivery WHERE recording_id = ?",
                    Integer.class, recordingId);
            return attempts != null && attempts > 0;
        });
    }
}
