package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.Requires;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The packaged archiver stopped with {@code SIGTERM} in the middle of a transfer, in shared mode
 * (PostgreSQL, the default two-hour lease): it exits within its shutdown timeout, gives its claim
 * back instead of leaving it to the lease, keeps the multipart upload and its journal, and the next
 * start resumes the transfer with a Range request and archives the recording once.
 */
@Requires(ExternalTool.POSTGRES)
class GracefulShutdownIT {

    private static final long MIB = 1024L * 1024;
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 3;
    /**
     * JVM exit, Camel's own stop and the process teardown on a busy CI machine: generous, since the
     * property is that the process does not wait its transfer out (asserted by the bytes served).
     */
    private static final Duration EXIT_MARGIN = Duration.ofMinutes(2);

    @Test
    void sigtermMidTransferExitsInTimeAndTheNextStartResumes() throws Exception {
        try (SharedStores stores = new SharedStores();
                ArchiverEnvironment env = stores.configure(new ArchiverEnvironment())
                        .with("archiver.shutdown.timeout", "PT" + SHUTDOWN_TIMEOUT_SECONDS + "S")
                        .with("archiver.s3.part-size", String.valueOf(5 * MIB))
                        .with("archiver.s3.parallel-parts", "2")
                        // one stream per file: the resume assertion counts the Range headers of a single-stream resume
                        .with("archiver.download.connections-per-file", "1")) {
            RecordingFile video = env.rtk.addFile("graceful.mp4", 120 * MIB + 123, 11);
            env.rtk.throttle(video.name(), 10 * MIB);
            StandInRecording recording = env.rtk.recording(video);
            String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
            String key = folder + recording.outputFileName();
            JdbcTemplate db = stores.db();
            S3Client s3 = stores.s3();

            ArchiverProcess first = ArchiverProcess.start(env, 0, "graceful-shutdown-first");
            try {
                assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"))
                        .statusCode()).isEqualTo(200);
                await(() -> partsStored(db) >= 2, Duration.ofMinutes(1), "two parts to be stored");

                Duration exit = first.terminate(Duration.ofSeconds(SHUTDOWN_TIMEOUT_SECONDS).plus(EXIT_MARGIN));
                assertThat(exit).isLessThan(Duration.ofSeconds(SHUTDOWN_TIMEOUT_SECONDS).plus(EXIT_MARGIN));
            } finally {
                first.close();
            }
            long servedBeforeStop = env.rtk.bytesServed(video.name());
            assertThat(servedBeforeStop).as("stopped mid-transfer").isLessThan(video.size());
            Map<String, Object> delivery = db.queryForMap("SELECT state, claimed_by FROM delivery");
            assertThat(delivery.get("state")).as("not done, not failed: left to be taken again").isNotEqualTo("DONE");
            assertThat(delivery.get("claimed_by")).as("claim given back, not left to the lease").isNull();
            assertThat(db.queryForObject("SELECT archive_state FROM recording", String.class)).isEqualTo("ARCHIVING");
            assertThat(partsStored(db)).as("journal kept").isPositive();
            assertThat(s3.listMultipartUploads(b -> b.bucket(SharedStores.BUCKET)).uploads()).as("upload kept")
                    .hasSize(1);

            env.rtk.throttle(video.name(), 0);
            try (ArchiverProcess second = ArchiverProcess.start(env, 0, "graceful-shutdown-second")) {
                await(() -> "ARCHIVED".equals(db.queryForObject("SELECT archive_state FROM recording", String.class)),
                        Duration.ofMinutes(2), "the recording to be archived after the restart");
                assertThat(second.output()).contains("Resuming the upload of " + key);
            }
            HeadObjectResponse head = s3.headObject(b -> b.bucket(SharedStores.BUCKET).key(key));
            assertThat(head.contentLength()).isEqualTo(video.size());
            assertThat(Buckets.text(s3, folder + "manifest.json")).contains(video.sha256Hex());
            assertThat(Buckets.sha256(s3, key)).isEqualTo(video.sha256Hex());
            List<String> keys = s3.listObjectsV2(b -> b.bucket(SharedStores.BUCKET)).contents().stream()
                    .map(S3Object::key).toList();
            assertThat(keys).containsExactlyInAnyOrder(key, folder + "manifest.json");
            assertThat(s3.listMultipartUploads(b -> b.bucket(SharedStores.BUCKET)).uploads()).isEmpty();
            assertThat(env.rtk.rangeHeadersSeen(video.name())).as("resumed with a Range request").hasSize(1);
            assertThat(env.rtk.bytesServed(video.name())).as("not downloaded twice")
                    .isLessThan(video.size() + servedBeforeStop);
        }
    }

    private static int partsStored(JdbcTemplate db) {
        Integer parts = db.queryForObject("SELECT COUNT(*) FROM transfer_part", Integer.class);
        return parts == null ? 0 : parts;
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        Await.until(what, timeout, condition::getAsBoolean);
    }
}
