package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import io.recordingarchiver.testkit.StoreProxy;
import org.junit.jupiter.api.Test;

/**
 * The same store that refuses checksum trailers ({@link ChecksumRefusingStoreTest}), with
 * {@code archiver.s3.request-checksum-calculation=when-required}: a multipart recording, its audio
 * file (a single PUT) and the manifest (written by the aws2-s3 component) are all stored, byte for byte.
 */
class ChecksumsWhenRequiredTest extends ProxiedStoreTestBase {

    private static final long MIB = 1024L * 1024;

    @Override
    protected StoreProxy.Mode storeMode() {
        return StoreProxy.Mode.REFUSE_CHECKSUM_TRAILERS;
    }

    @Override
    protected ArchiverEnvironment settings(ArchiverEnvironment env) {
        return env
                .with("archiver.s3.request-checksum-calculation", "when-required")
                .with("archiver.s3.response-checksum-validation", "when-required");
    }

    @Test
    void whenRequiredArchivesRecordingAudioAndManifest() throws Exception {
        RecordingFile video = env.rtk.addFile("accepted.mp4", 12 * MIB + 5, 42);
        RecordingFile audio = env.rtk.addFile("accepted.mp3", 300_000, 43);
        StandInRecording recording = env.rtk.recording(video).audio(audio);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");
        String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        String key = folder + recording.outputFileName();
        assertThat(row.get("sha256")).isEqualTo(video.sha256Hex());
        assertThat(Buckets.sha256(store.s3(), key)).isEqualTo(video.sha256Hex());
        assertThat(Buckets.sha256(store.s3(), folder + "audio.mp3")).isEqualTo(audio.sha256Hex());
        assertThat(new String(store.s3().getObjectAsBytes(b -> b.bucket(ProxiedStore.BUCKET)
                .key(folder + "manifest.json")).asByteArray())).contains(recording.id(), video.sha256Hex());

        assertThat(store.proxy().refused()).isEmpty();
        List<StoreProxy.RecordedRequest> recordingRequests = store.proxy().requestsFor(ProxiedStore.BUCKET, key);
        assertThat(recordingRequests).filteredOn(StoreProxy.RecordedRequest::isUploadPart)
                .as("the recording went up in parts").hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(r -> assertThat(r.header("x-amz-trailer")).isEmpty());
        assertThat(store.proxy().requestsFor(ProxiedStore.BUCKET, folder + "audio.mp3"))
                .filteredOn(StoreProxy.RecordedRequest::isPutObject).hasSize(1);
        assertThat(store.proxy().requestsFor(ProxiedStore.BUCKET, folder + "manifest.json"))
                .filteredOn(StoreProxy.RecordedRequest::isPutObject).hasSize(1);
    }
}
