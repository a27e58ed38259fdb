package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The packaged archiver killed with {@code kill -9} in the middle of a transfer and started again:
 * the transfer resumes from the parts already stored (a Range request, not a second full download)
 * and ends with exactly one object with the right bytes and no unfinished upload left behind.
 */
class CrashRecoveryIT {

    private static final long MIB = 1024L * 1024;

    @Test
    void killedMidTransferResumesAfterRestartAndArchivesOnce() throws Exception {
        int s3Port = ArchiverEnvironment.freePort();
        try (ArchiverEnvironment env = new ArchiverEnvironment()
                .with("archiver.s3.part-size", String.valueOf(5 * MIB))
                .with("archiver.s3.parallel-parts", "2")) {
            RecordingFile video = env.rtk.addFile("crash.mp4", 300 * MIB, 3);
            StandInRecording recording = env.rtk.recording(video);
            String key = "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();

            ArchiverProcess first = ArchiverProcess.start(env, s3Port, "crash-recovery-first");
            assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED")).statusCode())
                    .isEqualTo(200);
            await(() -> env.rtk.bytesServed("crash.mp4") > 60 * MIB, Duration.ofMinutes(2), "the transfer to start");
            first.kill();
            long servedBeforeCrash = env.rtk.bytesServed("crash.mp4");
            int rangesBeforeCrash = env.rtk.rangeHeadersSeen("crash.mp4").size();
            assertThat(servedBeforeCrash).as("killed mid-transfer").isLessThan(video.size());

            try (ArchiverProcess second = ArchiverProcess.start(env, s3Port, "crash-recovery-second");
                    S3Client s3 = second.s3()) {
                Buckets.awaitObject(s3, "recordings/" + recording.meetingId() + "/" + recording.id()
                        + "/manifest.json", Duration.ofMinutes(5), second);

                HeadObjectResponse head = s3.headObject(b -> b.bucket("recordings").key(key));
                assertThat(head.contentLength()).isEqualTo(video.size());
                assertThat(Buckets.text(s3, "recordings/" + recording.meetingId() + "/" + recording.id()
                        + "/manifest.json")).contains(video.sha256Hex());
                assertThat(Buckets.sha256(s3, key)).isEqualTo(video.sha256Hex());
                assertThat(s3.listMultipartUploads(b -> b.bucket("recordings")).uploads()).isEmpty();
                assertThat(s3.listObjectsV2(b -> b.bucket("recordings").prefix("recordings/" + recording.meetingId()))
                        .contents()).hasSize(2);

                // read in parallel ranges (the default): the restart's first range starts at the resume point
                List<String> ranges = env.rtk.rangeHeadersSeen("crash.mp4");
                assertThat(ranges.size()).as("the restart resumed with Range requests").isGreaterThan(rangesBeforeCrash);
                long resumedFrom = Long.parseLong(ranges.get(rangesBeforeCrash).replaceAll("bytes=(\\d+)-.*", "$1"));
                assertThat(resumedFrom).isPositive().isLessThanOrEqualTo(servedBeforeCrash);
                assertThat(env.rtk.bytesServed("crash.mp4")).as("no second full download")
                        // what the killed process had in flight is fetched again: up to parallel-parts (2) +
                        // connections-per-file (4) parts, and parts stored after a gap in the stored prefix
                        .isLessThan(video.size() + 64 * MIB);
                assertThat(second.output()).contains("Resuming the upload of " + key);
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        Await.until(what, timeout, condition::getAsBoolean);
    }
}
