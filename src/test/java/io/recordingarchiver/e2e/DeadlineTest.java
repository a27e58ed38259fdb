package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/** Recordings not archived close to RealtimeKit's deletion (7 days after they stopped): one WARN each and a gauge. */
class DeadlineTest extends ArchiverTestBase {

    private final LogCapture log = LogCapture.attach();

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.deadline.check-interval", "PT0.3S")
                .with("archiver.deadline.warn-before", "PT24H");
    }

    @Test
    void recordingCloseToDeletionIsReportedOnceAndCounted() throws Exception {
        Instant stoppedLongAgo = Instant.now().minus(Duration.ofDays(7)).plus(Duration.ofHours(2));
        StandInRecording atRisk = failed(env.rtk.recording(env.rtk.addFile("deadline-old.mp4", 1000, 1301))
                .stoppedTime(stoppedLongAgo).startedTime(stoppedLongAgo.minusSeconds(60)));
        StandInRecording recent = failed(env.rtk.recording(env.rtk.addFile("deadline-new.mp4", 1000, 1302)));

        awaitLog("WARN archiver.deadlines - Recording " + atRisk.id() + " is ");
        // a recording put at risk after that WARN is warned about by a later check: that check saw the first again
        StandInRecording later = failed(env.rtk.recording(env.rtk.addFile("deadline-later.mp4", 1000, 1303))
                .stoppedTime(stoppedLongAgo).startedTime(stoppedLongAgo.minusSeconds(60)));
        awaitLog("WARN archiver.deadlines - Recording " + later.id() + " is ");

        String text = log.text();
        assertThat(count(text, "WARN archiver.deadlines - Recording " + atRisk.id())).as("one WARN per recording").isEqualTo(1);
        assertThat(text).doesNotContain("WARN archiver.deadlines - Recording " + recent.id());
        assertThat(text).containsPattern("Recording " + atRisk.id() + " .*time left PT1H5\\dM\\d+S\\)");
        String metrics = new ManagementClient(env.managementPort).get("/observe/metrics").body();
        assertThat(metrics).containsPattern("(?m)^archiver_recordings_at_risk 2\\.0$");
    }

    private StandInRecording failed(StandInRecording recording) throws Exception {
        env.rtk.failNextRequests(recording.video().name(), 100, 500);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        awaitState(recording.id(), "FAILED");
        return recording;
    }

    private void awaitLog(String fragment) throws InterruptedException {
        Await.until("a log line with '" + fragment + "'", () -> log.text().contains(fragment));
    }

    private static int count(String text, String fragment) {
        Matcher matcher = Pattern.compile(Pattern.quote(fragment)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
