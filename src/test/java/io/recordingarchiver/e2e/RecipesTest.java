package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.PayloadOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every recipe of examples/, loaded next to routes/ exactly as a user installs it (file copied, hook
 * setting set) and exercised against a local HTTP receiver and a second bucket in the embedded store.
 */
@CamelMainTest(propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.main.routesIncludePattern=file:routes/*.yaml,file:examples/*.yaml")
class RecipesTest extends ArchiverTestBase {

    private static final String REPLICA = "recordings-replica";

    private HookReceiver receiver;

    @Override
    protected ArchiverEnvironment environment() {
        receiver = new HookReceiver();
        return new ArchiverEnvironment()
                .with("archiver.hooks.on-recording-archived", "direct:archived-callback,direct:copy-to-second-bucket")
                .with("archiver.hooks.on-recording-errored", "direct:chat-alert")
                .with("archiver.hooks.on-archive-failed", "direct:chat-alert")
                .with("archiver.recipe.chat-webhook-url", receiver.url("/chat"))
                .with("archiver.recipe.callback-url", receiver.url("/callback"))
                .with("archiver.recipe.second-bucket", REPLICA);
    }

    @AfterAll
    void closeReceiver() {
        receiver.close();
    }

    @Test
    void archivedRecordingIsCopiedToTheSecondBucketAndAnnouncedToTheCallback() throws Exception {
        s3().createBucket(b -> b.bucket(REPLICA));
        RecordingFile video = env.rtk.addFile("recipe.mp4", 6L * 1024 * 1024 + 3, 401);
        RecordingFile audio = env.rtk.addFile("recipe.mp3", 1000, 402);
        StandInRecording recording = env.rtk.recording(video).audio(audio);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        awaitState(recording.id(), "ARCHIVED");

        String callback = receiver.await(recording.id(), 1).get(0);
        assertThat(callback).contains("\"event\":\"recording.archived\"", video.sha256Hex(), audio.sha256Hex(),
                "\"bucket\":\"recordings\"").doesNotContain("X-Amz", "?");
        String key = "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();
        awaitObject(REPLICA, key);
        assertThat(sha256(REPLICA, key)).isEqualTo(video.sha256Hex());
        awaitObject(REPLICA, "recordings/" + recording.meetingId() + "/" + recording.id() + "/audio.mp3");
    }

    @Test
    void erroredAndFailedRecordingsArePostedToTheChat() throws Exception {
        StandInRecording errored = env.rtk.recording(env.rtk.addFile("recipe-errored.mp4", 1000, 403));
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(errored, "ERRORED"));
        RecordingFile shortFile = env.rtk.addFile("recipe-failed.mp4", 1000, 404);
        StandInRecording failed = env.rtk.recording(shortFile);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(failed, "UPLOADED",
                PayloadOptions.defaults().fileSize(shortFile.size() + 1)));

        assertThat(receiver.await(errored.id(), 1).get(0)).startsWith("{\"text\":").contains("recording-errored");
        assertThat(receiver.await(failed.id(), 1).get(0)).startsWith("{\"text\":").contains("size-mismatch")
                .doesNotContain("X-Amz");
    }

    @Test
    void chatThatStaysDownIsRetriedThenDroppedWithoutTouchingTheRecording() throws Exception {
        receiver.answer(500);
        try {
            StandInRecording errored = env.rtk.recording(env.rtk.addFile("recipe-chat-down.mp4", 1000, 405));
            env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(errored, "ERRORED"));

            List<String> attempts = receiver.await(errored.id(), 3);
            assertThat(attempts).hasSize(3);
            awaitDeliveriesDone(errored.id());
            assertThat(ledger().archiveState(errored.id())).isEqualTo("ERRORED");
            assertThat(new ManagementClient(env.managementPort).get("/observe/metrics").body())
                    .contains("archiver_dead_letters_total{route=\"chat-alert\"} 1.0");
        } finally {
            receiver.answer(200);
        }
    }

    private void awaitObject(String bucket, String key) {
        Await.until(key + " to appear in " + bucket,
                () -> !s3().listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents().isEmpty());
    }

    private String sha256(String bucket, String key) throws Exception {
        try (InputStream in = s3().getObject(b -> b.bucket(bucket).key(key))) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }
}
