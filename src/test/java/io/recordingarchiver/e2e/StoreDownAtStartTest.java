package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * An archiver whose S3 store is unreachable when it starts (a port with nothing listening) starts
 * all the same: it takes a signed delivery into its inbox, says on {@code /observe/health} that
 * the bucket is DOWN while staying ready (the webhook port must go on taking deliveries), retries
 * the archive, and archives the recording once the store is there.
 */
class StoreDownAtStartTest extends ArchiverTestBase {

    private static final long MIB = 1024L * 1024;
    private static final String ACCESS_KEY = "late-store-key";
    private static final String SECRET_KEY = "late-store-secret";

    // static: environment() runs while the base class is constructed, before this class's fields
    private static final int STORE_PORT = ArchiverEnvironment.freePort();
    private final LogCapture log = LogCapture.attach();
    private S3Proxy store;

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment()
                .with("archiver.s3.embedded", "false")
                .with("archiver.s3.endpoint", "http://127.0.0.1:" + STORE_PORT)
                .with("archiver.s3.path-style", "true")
                .with("archiver.s3.access-key", ACCESS_KEY)
                .with("archiver.s3.secret-key", SECRET_KEY)
                .with("archiver.s3.bucket", BUCKET)
                // patient enough for the store to come up while the test waits on it
                .with("archiver.retry.max-redeliveries", "60")
                .with("archiver.retry.initial-delay", "PT0.2S")
                .with("archiver.retry.max-delay", "PT1S");
    }

    @AfterAll
    void stopStore() throws Exception {
        if (store != null) {
            store.stop();
        }
    }

    @Test
    void startsWithTheStoreDownTakesDeliveriesAndArchivesOnceTheStoreIsUp() throws Exception {
        RecordingFile video = env.rtk.addFile("late-store.mp4", 6 * MIB + 17, 5);
        StandInRecording recording = env.rtk.recording(video);

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);

        // the archive is tried against the unreachable store, and retried
        Await.until("an archive attempt to fail against the unreachable store",
                () -> log.text().contains("On delivery attempt"));
        assertThat(ledger().archiveState(recording.id())).isNotEqualTo("ARCHIVED").isNotEqualTo("FAILED");
        ManagementClient management = new ManagementClient(env.managementPort);
        HttpResponse<String> health = management.get("/observe/health?exposureLevel=full");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("bucket", "DOWN");
        HttpResponse<String> ready = management.get("/observe/health/ready?exposureLevel=full");
        assertThat(ready.statusCode()).as("ready while only the store is down: " + ready.body()).isEqualTo(200);
        assertThat(ready.body()).doesNotContain("bucket");

        store = startStore();

        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");
        assertThat(row.get("sha256")).isEqualTo(video.sha256Hex());
        String prefix = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        assertThat(objectSha256(prefix + recording.outputFileName())).isEqualTo(video.sha256Hex());
        HeadObjectResponse manifest = head(prefix + "manifest.json");
        assertThat(manifest).as("the manifest, written through the same client").isNotNull();
        assertThat(manifest.contentType()).isEqualTo("application/json");
        assertThat(Await.value("the bucket check to be UP again", Await.PATIENTLY,
                () -> management.get("/observe/health?exposureLevel=full"), got -> got.statusCode() == 200)
                .body()).doesNotContain("DOWN");
    }

    /** s3proxy on the port the archiver was configured with, its bucket created. */
    private S3Proxy startStore() throws Exception {
        Path dir = Files.createTempDirectory(env.dataDir, "late-store");
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                .endpoint(URI.create("http://127.0.0.1:" + STORE_PORT))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        Await.until("the store to start", () -> proxy.getState().equals("STARTED"));
        s3().createBucket(b -> b.bucket(BUCKET));
        return proxy;
    }
}
