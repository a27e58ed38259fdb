package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Recordings archived by the packaged jar with its heap limited to 128 MB (what the JVM picks in a
 * 512 MiB container): files stream through in parts and are never held in memory, and transfers
 * running together share one memory budget instead of running out of heap.
 */
class LargeRecordingMemoryIT {

    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void oneGibRecordingArchivesWithA128MbHeap() throws Exception {
        try (ArchiverEnvironment env = new ArchiverEnvironment()
                .with("archiver.s3.part-size", String.valueOf(8 * 1024 * 1024));
                ArchiverProcess archiver = ArchiverProcess.start(env, ArchiverEnvironment.freePort(), "large-recording-archiver",
                        "-Xmx128m", "-XX:+ExitOnOutOfMemoryError");
                S3Client s3 = archiver.s3()) {
            RecordingFile video = env.rtk.addFile("large.mp4", GIB, 7);
            StandInRecording recording = env.rtk.recording(video);

            assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED")).statusCode())
                    .isEqualTo(200);

            String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
            Buckets.awaitObject(s3, folder + "manifest.json", Duration.ofMinutes(10), archiver);
            HeadObjectResponse head = s3.headObject(b -> b.bucket("recordings").key(folder + recording.outputFileName()));
            assertThat(head.contentLength()).isEqualTo(GIB);
            assertThat(Buckets.text(s3, folder + "manifest.json")).contains(video.sha256Hex());
            assertThat(Buckets.sha256(s3, folder + recording.outputFileName())).isEqualTo(video.sha256Hex());
            assertThat(archiver.isAlive()).isTrue();
            assertThat(archiver.output()).doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void fourRecordingsOf150MibAtOnceArchiveByteExactWithA128MbHeap() throws Exception {
        long size = 150L * 1024 * 1024;
        try (ArchiverEnvironment env = new ArchiverEnvironment()
                .with("archiver.dispatch.concurrency", "4")
                .with("archiver.s3.part-size", String.valueOf(8 * 1024 * 1024));
                ArchiverProcess archiver = ArchiverProcess.start(env, ArchiverEnvironment.freePort(), "four-at-once-archiver",
                        "-Xmx128m", "-XX:+ExitOnOutOfMemoryError");
                S3Client s3 = archiver.s3()) {
            java.util.List<RecordingFile> videos = new java.util.ArrayList<>();
            java.util.List<StandInRecording> recordings = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RecordingFile video = env.rtk.addFile("four-" + i + ".mp4", size + i, 40 + i);
                videos.add(video);
                recordings.add(env.rtk.recording(video));
            }
            for (StandInRecording recording : recordings) {
                assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED")).statusCode())
                        .isEqualTo(200);
            }

            for (int i = 0; i < 4; i++) {
                StandInRecording recording = recordings.get(i);
                String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
                Buckets.awaitObject(s3, folder + "manifest.json", Duration.ofMinutes(10), archiver);
                assertThat(Buckets.sha256(s3, folder + recording.outputFileName())).isEqualTo(videos.get(i).sha256Hex());
                assertThat(Buckets.text(s3, folder + "manifest.json")).contains(videos.get(i).sha256Hex());
            }
            assertThat(archiver.isAlive()).isTrue();
            assertThat(archiver.output()).doesNotContain("OutOfMemoryError", "FAILED");
        }
    }
}
