package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import io.recordingarchiver.testkit.StoreProxy;
import org.junit.jupiter.api.Test;

/**
 * The answer to CompleteMultipartUpload lost on the way back (the store completed the object, the
 * archiver got a 500; seen in the default chaos soak on a 1.2 GB object while the store was being
 * stopped): the SDK retries, the store answers that the upload is gone, and the archiver finds the
 * object at the key, reads it back, checks it against the bytes it sent and archives the recording,
 * instead of marking it FAILED (s3-rejected) with the object in place.
 */
class LostCompleteAnswerTest extends ProxiedStoreTestBase {

    private static final long MIB = 1024L * 1024;

    @Override
    protected StoreProxy.Mode storeMode() {
        return StoreProxy.Mode.LOSE_FIRST_COMPLETE_RESPONSE;
    }

    @Test
    void aCompletionWhoseAnswerWasLostIsFoundCheckedAndArchived() throws Exception {
        LogCapture log = LogCapture.attach();
        RecordingFile video = env.rtk.addFile("lost-complete.mp4", 12 * MIB + 5, 71);
        StandInRecording recording = env.rtk.recording(video);
        String key = "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");

        assertThat(row).containsEntry("sha256", video.sha256Hex()).containsEntry("attempts", 1);
        assertThat(objectSha256(key)).isEqualTo(video.sha256Hex());
        assertThat(store.proxy().refused()).as("the completion answered 500 after it was made, its retry InvalidPart")
                .hasSize(2).allSatisfy(r -> assertThat(r.method()).isEqualTo("POST"));
        assertThat(log.text()).contains("Completing the upload of " + key + " was answered InvalidPart")
                .contains("reading it back to check it");
        assertThat(s3().listMultipartUploads(b -> b.bucket("recordings")).uploads()).isEmpty();
    }
}
