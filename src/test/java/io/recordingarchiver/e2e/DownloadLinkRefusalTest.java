package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SSRF, end to end with the production defaults (https only, no private networks): a payload that
 * names a link into the archiver's own network gets the recording FAILED with {@code link-refused},
 * at once (no retry), without a single connection to the named host, and without the link's query
 * in the stored error.
 */
class DownloadLinkRefusalTest extends ArchiverTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=feedface";

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment()
                .with("archiver.download.require-https", "true")
                .with("archiver.download.allow-private-networks", "false")
                .with("archiver.retry.max-redeliveries", "3");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://127.0.0.1/files/r.mp4",
        "https://10.1.2.3/files/r.mp4",
        "https://169.254.169.254/latest/meta-data/iam/",
        "https://[::1]/files/r.mp4",
        "https://localhost/files/r.mp4"})
    void linkIntoAPrivateNetworkIsRefusedForGood(String link) throws Exception {
        Map<String, Object> row = deliverUploadedWithLink(link + QUERY);

        assertThat(row.get("reason")).isEqualTo("link-refused");
        assertThat((String) row.get("last_error")).contains("non-public address")
                .doesNotContain("X-Amz", "AKIAEXAMPLE", "feedface");
    }

    @Test
    void plainHttpLinkIsRefusedWithoutAConnection() throws Exception {
        RecordingFile video = env.rtk.addFile("plain-http.mp4", 1000, 301);
        StandInRecording recording = env.rtk.recording(video);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        Map<String, Object> row = awaitState(recording.id(), "FAILED");
        assertThat(row.get("reason")).isEqualTo("link-refused");
        assertThat((String) row.get("last_error")).contains("only https links are allowed").doesNotContain("X-Amz");
        assertThat(env.rtk.requests("plain-http.mp4")).isZero();
    }

    private Map<String, Object> deliverUploadedWithLink(String link) throws Exception {
        RecordingFile video = env.rtk.addFile("ssrf-" + Integer.toHexString(link.hashCode()) + ".mp4", 1000, 302);
        StandInRecording recording = env.rtk.recording(video);
        ObjectNode body = (ObjectNode) JSON.readTree(env.rtk.statusUpdate(recording, "UPLOADED"));
        ((ObjectNode) body.get("recording")).put("downloadUrl", link);

        assertThat(env.rtk.deliver(env.webhookUrl(), JSON.writeValueAsString(body)).statusCode()).isEqualTo(200);
        return awaitState(recording.id(), "FAILED");
    }
}
