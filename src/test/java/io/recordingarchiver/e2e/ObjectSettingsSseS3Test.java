package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import io.recordingarchiver.testkit.StoreProxy;
import io.recordingarchiver.testkit.StoreProxy.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * {@code archiver.s3.storage-class}, {@code archiver.s3.server-side-encryption=AES256} and
 * {@code archiver.s3.tags} go on every object the archiver creates: the multipart recording, the
 * audio file, the manifest (aws2-s3) and an error report. Checked on the requests the store
 * receives, and on the objects read back where s3proxy keeps the value (the storage class of a
 * single PUT). s3proxy 4.1.0 refuses SSE and tagging headers with 501, so the proxy in front of it
 * records them and forwards the request without them ({@link StoreProxy.Mode#DROP_UNIMPLEMENTED_HEADERS}).
 */
class ObjectSettingsSseS3Test extends ProxiedStoreTestBase {

    private static final long MIB = 1024L * 1024;
    static final String TAGGING = "team=video&retention=7%20years&owner=ops%2Bmedia";

    @Override
    protected StoreProxy.Mode storeMode() {
        return StoreProxy.Mode.DROP_UNIMPLEMENTED_HEADERS;
    }

    @Override
    protected ArchiverEnvironment settings(ArchiverEnvironment env) {
        return env
                .with("archiver.s3.storage-class", "STANDARD_IA")
                .with("archiver.s3.server-side-encryption", "AES256")
                // given with '+' for a space, re-encoded as S3 reads it (%20)
                .with("archiver.s3.tags", "team=video&retention=7+years&owner=ops%2Bmedia");
    }

    @Test
    void everyObjectCreatedCarriesStorageClassEncryptionAndTags() throws Exception {
        RecordingFile video = env.rtk.addFile("settings.mp4", 11 * MIB + 3, 51);
        RecordingFile audio = env.rtk.addFile("settings.mp3", 200_000, 52);
        StandInRecording recording = env.rtk.recording(video).audio(audio);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        awaitState(recording.id(), "ARCHIVED");
        String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        List<RecordedRequest> upload = store.proxy().requestsFor(ProxiedStore.BUCKET, folder + recording.outputFileName());
        assertThat(upload).filteredOn(RecordedRequest::isCreateMultipartUpload).hasSize(1)
                .allSatisfy(ObjectSettingsSseS3Test::carriesAll);
        assertThat(upload).filteredOn(RecordedRequest::isCopyObject)
                .as("a copy onto the key would otherwise fall back to the default class and encryption")
                .allSatisfy(r -> {
                    assertThat(r.header("x-amz-storage-class")).contains("STANDARD_IA");
                    assertThat(r.header("x-amz-server-side-encryption")).contains("AES256");
                });
        for (String name : List.of("audio.mp3", "manifest.json")) {
            assertThat(store.proxy().requestsFor(ProxiedStore.BUCKET, folder + name))
                    .filteredOn(RecordedRequest::isPutObject).as(name).hasSize(1)
                    .allSatisfy(ObjectSettingsSseS3Test::carriesAll);
            assertThat(store.s3().headObject(b -> b.bucket(ProxiedStore.BUCKET).key(folder + name))
                    .storageClassAsString()).as(name + " read back").isEqualTo("STANDARD_IA");
        }
        assertThat(Buckets.sha256(store.s3(), folder + recording.outputFileName())).isEqualTo(video.sha256Hex());
    }

    @Test
    void errorReportCarriesThemToo() throws Exception {
        RecordingFile video = env.rtk.addFile("settings-errored.mp4", 1000, 53);
        StandInRecording recording = env.rtk.recording(video);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "ERRORED"));

        awaitState(recording.id(), "ERRORED");
        assertThat(store.proxy().requestsFor(ProxiedStore.BUCKET, "errors/" + recording.id() + ".json"))
                .filteredOn(RecordedRequest::isPutObject).hasSize(1)
                .allSatisfy(ObjectSettingsSseS3Test::carriesAll);
    }

    private static void carriesAll(RecordedRequest request) {
        assertThat(request.header("x-amz-storage-class")).contains("STANDARD_IA");
        assertThat(request.header("x-amz-server-side-encryption")).contains("AES256");
        assertThat(request.header("x-amz-server-side-encryption-aws-kms-key-id")).isEmpty();
        assertThat(request.header("x-amz-tagging")).contains(TAGGING);
    }
}
