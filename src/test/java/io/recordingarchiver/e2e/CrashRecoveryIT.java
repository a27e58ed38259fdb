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
            assertThat(servedBeforeCrash).as("killed mid-transfer").isLessThan(video.size());

            try (ArchiverProcess second = ArchiverProcess.start(env, s3Port, "crash-recovery-second");
                    S3Client s3 = second.s3()) {
                Buckets.awaitObject(s3, "recordings/" + recording.meetingId() + "/" + recording.id()
                        + "/manifest.json", Duration.ofMinutes(5), second);

                HeadObjectResponse head = s3.headObject(b -> b.bucket("recordings").key(key));
                assertThat(head.contentLength()).isEqualTo(video.size());
                assertThat(head.metadata()).containsEntry("sha256", video.sha256Hex());
                assertThat(Buckets.sha256(s3, key)).isEqualTo(video.sha256Hex());
                assertThat(s3.listMultipartUploads(b -> b.bucket("recordings")).uploads()).isEmpty();
                assertThat(s3.listObjectsV2(b -> b.bucket("recordings").prefix("recordings/" + recording.meetingId()))
                        .contents()).hasSize(2);

                List<String> ranges = env.rtk.rangeHeadersSeen("crash.mp4");
                assertThat(ranges).as("the restart resumed with a Range request").hasSize(1);
                long resumedFrom = Long.parseLong(ranges.get(0).replaceAll("bytes=(\\d+)-.*", "$1"));
                assertThat(resumedFrom).isPositive().isLessThanOrEqualTo(servedBeforeCrash);
                assertThat(env.rtk.bytesServed("crash.mp4")).as("no second full download")
                        .isLessThan(video.size() + 32 * MIB);
                assertThat(second.output()).contains("Resuming the upload of " + key);
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        Await.until(what, timeout, condition::getAsBoolean);
    }
}
