package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * Every redirect hop of a download is checked again: with only {@code localhost} allowed, a link to
 * localhost is archived, but a link to localhost that redirects to 127.0.0.1 is refused at the hop,
 * before anything is requested from the redirect's target.
 */
class DownloadRedirectGuardTest extends ArchiverTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.download.allowed-hosts", "localhost");
    }

    @Test
    void linkToAnAllowedHostIsArchived() throws Exception {
        RecordingFile video = env.rtk.addFile("allowed.mp4", 2000, 401);
        StandInRecording recording = env.rtk.recording(video);
        String link = env.rtk.presignedUrl("allowed.mp4", Instant.now().plus(1, ChronoUnit.HOURS));

        deliverUploadedWithLink(recording, link.replace("//127.0.0.1:", "//localhost:"));

        assertThat(awaitState(recording.id(), "ARCHIVED").get("sha256")).isEqualTo(video.sha256Hex());
    }

    @Test
    void redirectFromAnAllowedHostToAnotherIsRefusedAtTheHop() throws Exception {
        RecordingFile video = env.rtk.addFile("redirected.mp4", 2000, 402);
        StandInRecording recording = env.rtk.recording(video);
        String link = env.rtk.redirectingUrl("redirected.mp4", Instant.now().plus(1, ChronoUnit.HOURS));

        deliverUploadedWithLink(recording, link.replace("//127.0.0.1:", "//localhost:"));

        Map<String, Object> row = awaitState(recording.id(), "FAILED");
        assertThat(row.get("reason")).isEqualTo("link-refused");
        assertThat((String) row.get("last_error")).contains("127.0.0.1", "allowed-hosts").doesNotContain("X-Amz");
        assertThat(env.rtk.requests("redirected.mp4")).isZero();
    }

    private void deliverUploadedWithLink(StandInRecording recording, String link) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(env.rtk.statusUpdate(recording, "UPLOADED"));
        ((ObjectNode) body.get("recording")).put("downloadUrl", link);
        assertThat(env.rtk.deliver(env.webhookUrl(), JSON.writeValueAsString(body)).statusCode()).isEqualTo(200);
    }
}
