package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import io.recordingarchiver.testkit.StoreProxy;
import io.recordingarchiver.testkit.StoreProxy.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * {@code archiver.s3.server-side-encryption=aws:kms} with {@code archiver.s3.kms-key-id}: the
 * recording's upload, the audio file and the manifest ask for SSE-KMS with that key, and nothing
 * else is sent (no storage class, no tags). s3proxy refuses SSE headers (501), so the proxy in
 * front of it records them and forwards the request without them.
 */
class ObjectSettingsSseKmsTest extends ProxiedStoreTestBase {

    private static final long MIB = 1024L * 1024;
    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @Override
    protected StoreProxy.Mode storeMode() {
        return StoreProxy.Mode.DROP_UNIMPLEMENTED_HEADERS;
    }

    @Override
    protected ArchiverEnvironment settings(ArchiverEnvironment env) {
        return env
                .with("archiver.s3.server-side-encryption", "aws:kms")
                .with("archiver.s3.kms-key-id", KEY_ARN);
    }

    @Test
    void everyObjectCreatedAsksForSseKmsWithTheKey() throws Exception {
        RecordingFile video = env.rtk.addFile("kms.mp4", 6 * MIB + 1, 61);
        RecordingFile audio = env.rtk.addFile("kms.mp3", 100_000, 62);
        StandInRecording recording = env.rtk.recording(video).audio(audio);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        awaitState(recording.id(), "ARCHIVED");
        String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        List<RecordedRequest> upload = store.proxy().requestsFor(ProxiedStore.BUCKET, folder + recording.outputFileName());
        assertThat(upload).filteredOn(RecordedRequest::isCreateMultipartUpload).hasSize(1)
                .allSatisfy(ObjectSettingsSseKmsTest::asksForTheKey);
        assertThat(upload).filteredOn(RecordedRequest::isCopyObject).allSatisfy(ObjectSettingsSseKmsTest::asksForTheKey);
        for (String name : List.of("audio.mp3", "manifest.json")) {
            assertThat(store.proxy().requestsFor(ProxiedStore.BUCKET, folder + name))
                    .filteredOn(RecordedRequest::isPutObject).as(name).hasSize(1)
                    .allSatisfy(ObjectSettingsSseKmsTest::asksForTheKey);
        }
        assertThat(Buckets.sha256(store.s3(), folder + recording.outputFileName())).isEqualTo(video.sha256Hex());
    }

    private static void asksForTheKey(RecordedRequest request) {
        assertThat(request.header("x-amz-server-side-encryption")).contains("aws:kms");
        assertThat(request.header("x-amz-server-side-encryption-aws-kms-key-id")).contains(KEY_ARN);
        assertThat(request.header("x-amz-storage-class")).isEmpty();
        assertThat(request.header("x-amz-tagging")).isEmpty();
    }
}
