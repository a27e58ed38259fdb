package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import io.recordingarchiver.testkit.StoreProxy;
import org.junit.jupiter.api.Test;

/**
 * A store without ListMultipartUploads (answers 501 NotImplemented): the archiver looks for
 * unfinished uploads of a key no journal names before a fresh transfer (a kill between starting one
 * and noting it down leaves one); a refused listing leaves that clean-up to the sweep and the
 * recording is archived, byte for byte.
 */
class ListUploadsRefusedTest extends ProxiedStoreTestBase {

    private static final long MIB = 1024L * 1024;

    @Override
    protected StoreProxy.Mode storeMode() {
        return StoreProxy.Mode.REFUSE_LIST_MULTIPART_UPLOADS;
    }

    @Test
    void aMultipartRecordingIsArchivedWhenTheStoreRefusesToListUploads() throws Exception {
        RecordingFile video = env.rtk.addFile("unlisted.mp4", 12 * MIB + 7, 44);
        StandInRecording recording = env.rtk.recording(video);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        awaitState(recording.id(), "ARCHIVED");

        String key = "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();
        assertThat(objectSha256(key)).isEqualTo(video.sha256Hex());
        assertThat(store.proxy().refused()).as("the listing was asked for and refused").isNotEmpty()
                .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }
}
