package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import io.recordingarchiver.testkit.StoreProxy;
import org.junit.jupiter.api.Test;

/**
 * A store that refuses the AWS SDK's checksum trailers (Backblaze B2's answer, played by
 * {@link StoreProxy.Mode#REFUSE_CHECKSUM_TRAILERS} in front of s3proxy), with the archiver on its
 * default {@code archiver.s3.request-checksum-calculation=when-supported}: the recording fails
 * {@code s3-rejected}, the failure names the setting that fixes it, and nothing is left in the bucket.
 */
class ChecksumRefusingStoreTest extends ProxiedStoreTestBase {

    private static final long MIB = 1024L * 1024;

    @Override
    protected StoreProxy.Mode storeMode() {
        return StoreProxy.Mode.REFUSE_CHECKSUM_TRAILERS;
    }

    @Test
    void defaultChecksumsFailS3RejectedWithTheSettingThatFixesIt() throws Exception {
        RecordingFile video = env.rtk.addFile("refused.mp4", 7 * MIB + 17, 41);
        StandInRecording recording = env.rtk.recording(video);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        Map<String, Object> row = awaitState(recording.id(), "FAILED");
        assertThat(row.get("reason")).isEqualTo("s3-rejected");
        assertThat((String) row.get("last_error"))
                .contains("Unsupported header", "archiver.s3.request-checksum-calculation=when-required");
        assertThat(store.proxy().refused()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("x-amz-sdk-checksum-algorithm")).isPresent());
        assertThat(store.s3().listObjectsV2(b -> b.bucket(ProxiedStore.BUCKET)).contents()).isEmpty();
        assertThat(store.s3().listMultipartUploads(b -> b.bucket(ProxiedStore.BUCKET)).uploads())
                .as("the refused upload is aborted").isEmpty();
    }
}
