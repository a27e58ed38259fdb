package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.recordingarchiver.testkit.PageNumbering;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation against the REST API's published shapes (cloudflare-typescript
 * {@code src/resources/realtime-kit/recordings.ts}): the meeting nested in each list item, 1-based
 * inclusive offsets, pages counted from 0 or from 1, more than one page (the list asks 50 a page).
 */
class PublishedRestShapesTest extends ArchiverTestBase {

    private static final int RECORDINGS = 51;

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.reconcile.interval", "PT1S");
    }

    @Test
    void everyRecordingOfTwoPagesCountedFromZeroIsArchivedUnderItsMeeting() throws Exception {
        env.rtk.setPageNumbering(PageNumbering.FROM_ZERO);
        assertAllArchivedUnderTheirMeeting(register("zero"));
    }

    @Test
    void everyRecordingOfTwoPagesCountedFromOneIsArchivedUnderItsMeeting() throws Exception {
        env.rtk.setPageNumbering(PageNumbering.FROM_ONE);
        assertAllArchivedUnderTheirMeeting(register("one"));
    }

    @Test
    void aLongRecordingInvokedBeforeTheRetentionWindowIsStillFound() throws Exception {
        // invoked 7 days and 2 hours ago, stopped 22 hours later: still within RealtimeKit's 7 days
        Instant invoked = Instant.now().minus(Duration.ofDays(7).plusHours(2));
        RecordingFile video = env.rtk.addFile("long-recording.mp4", 3000, 7001);
        StandInRecording recording = env.rtk.recording(video).invokedTime(invoked)
                .startedTime(invoked.plusSeconds(5)).stoppedTime(invoked.plus(Duration.ofHours(22)))
                .durationSeconds(Duration.ofHours(22).toSeconds());

        awaitState(recording.id(), "ARCHIVED");
        assertThat(objectSha256(keyOf(recording))).isEqualTo(video.sha256Hex());
    }

    private List<StandInRecording> register(String prefix) {
        List<StandInRecording> recordings = new ArrayList<>();
        Instant base = Instant.now().minus(Duration.ofHours(3));
        for (int i = 0; i < RECORDINGS; i++) {
            RecordingFile video = env.rtk.addFile(prefix + "-" + i + ".mp4", 500 + i, 7100L + i);
            // distinct invoke times, so the oldest-first order is stable and the last one is the 51st
            recordings.add(env.rtk.recording(video).invokedTime(base.plusSeconds(i)));
        }
        return recordings;
    }

    private void assertAllArchivedUnderTheirMeeting(List<StandInRecording> recordings) throws Exception {
        for (StandInRecording recording : recordings) {
            awaitState(recording.id(), "ARCHIVED");
            assertThat(ledger().find(recording.id()).get("meeting_id")).isEqualTo(recording.meetingId());
            assertThat(objectSha256(keyOf(recording))).isEqualTo(recording.video().sha256Hex());
            assertThat(objectText("recordings/" + recording.meetingId() + "/" + recording.id() + "/manifest.json"))
                    .contains("\"meetingId\" : \"" + recording.meetingId() + "\"");
        }
        assertNoObjectUnder(s3(), "recordings/unknown/");
    }

    private static String keyOf(StandInRecording recording) {
        return "recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName();
    }
}
