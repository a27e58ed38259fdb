package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordingarchiver.testkit.DeliveryOptions;
import io.recordingarchiver.testkit.PayloadOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * Presigned query strings, the API token, the S3 keys and webhook signatures never appear in what
 * the archiver shows: log lines (exceptions included), HTTP answers, manifests, error reports and
 * the state store's error text. Runs a full archive (with a link refresh through the REST API and a
 * retried 500), failures (size mismatch, a revoked link) and refused deliveries, then searches
 * everything for each secret it handled. The log is captured through the layout of the text format
 * here, of the JSON format in {@link SecretsStayOutOfJsonOutputTest}.
 */
class SecretsStayOutOfOutputTest extends ArchiverTestBase {

    private final LogCapture log = LogCapture.attach(logFormat());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A query, or a credential parameter whose value was not redacted. */
    private static final Pattern LEAKED_QUERY = Pattern.compile(
            "\\?X-Amz-|X-Amz-(Signature|Credential|Security-Token)=(?!<redacted>)|[?&]expiry=\\d");

    private final List<String> secrets = new ArrayList<>();
    private final StringBuilder shown = new StringBuilder();

    @Test
    void noSecretAppearsInLogsAnswersManifestsReportsOrTheStateStore() throws Exception {
        secrets.add(env.rtk.apiToken());
        secrets.add("archiver-local-secret");

        RecordingFile video = env.rtk.addFile("secret-ok.mp4", 6L * 1024 * 1024 + 17, 501);
        RecordingFile audio = env.rtk.addFile("secret-ok.mp3", 4000, 502);
        StandInRecording archived = env.rtk.recording(video).audio(audio);
        env.rtk.failNextRequests("secret-ok.mp4", 1, 500);
        deliver(archived, PayloadOptions.defaults().linkExpiry(Instant.now().plus(2, ChronoUnit.MINUTES)));

        RecordingFile shortFile = env.rtk.addFile("secret-short.mp4", 3000, 503);
        StandInRecording mismatched = env.rtk.recording(shortFile);
        deliver(mismatched, PayloadOptions.defaults().fileSize(shortFile.size() + 1));

        RecordingFile revokedFile = env.rtk.addFile("secret-revoked.mp4", 3000, 504);
        StandInRecording revoked = env.rtk.recording(revokedFile);
        env.rtk.failNextRequests("secret-revoked.mp4", 10, 403);
        deliver(revoked, PayloadOptions.defaults());

        String forgedBody = env.rtk.statusUpdate(revoked, "UPLOADED");
        String forged = env.rtk.sign("another body".getBytes());
        secrets.add(forged);
        secretsOfLinks(forgedBody);
        answer(env.rtk.deliver(env.webhookUrl(), forgedBody, DeliveryOptions.defaults().signature(forged)));
        answer(env.rtk.deliver(env.webhookUrl(), forgedBody, DeliveryOptions.defaults().contentType("text/plain")));

        Map<String, Object> ok = awaitState(archived.id(), "ARCHIVED");
        Map<String, Object> failed = awaitState(mismatched.id(), "FAILED");
        Map<String, Object> refused = awaitState(revoked.id(), "FAILED");
        String folder = "recordings/" + archived.meetingId() + "/" + archived.id() + "/";
        shown.append(objectText(folder + "manifest.json")).append('\n');
        shown.append(ok).append('\n').append(failed).append('\n').append(refused).append('\n');
        shown.append(db().queryForList("SELECT * FROM recording")).append('\n');
        shown.append(log.text());

        assertThat(failed.get("reason")).isEqualTo("size-mismatch");
        assertThat(refused.get("reason")).isEqualTo("link-expired");
        assertThat(log.text()).as("the capture saw the archive and the failures")
                .contains(archived.id(), mismatched.id(), revoked.id(), "Refused a webhook delivery");
        assertThat(secrets).hasSizeGreaterThan(8);
        String everything = shown.toString();
        for (String secret : secrets) {
            assertThat(everything).as("a secret of %d characters", secret.length()).doesNotContain(secret);
        }
        assertThat(LEAKED_QUERY.matcher(everything).find()).as("a query string or credential parameter leaked")
                .isFalse();
        checkLogFormat(log.text(), List.of(archived, mismatched, revoked));
    }

    /** The log4j2.properties appender whose layout the log is captured with: {@code text} or {@code json}. */
    protected String logFormat() {
        return "text";
    }

    /** Further checks of the captured log in this format; the recordings the run worked on. */
    protected void checkLogFormat(String logText, List<StandInRecording> recordings) throws Exception {
        assertThat(logText).as("text format: one line per event, no JSON").doesNotStartWith("{");
    }

    private void deliver(StandInRecording recording, PayloadOptions options) throws Exception {
        String body = env.rtk.statusUpdate(recording, "UPLOADED", options);
        secretsOfLinks(body);
        secrets.add(env.rtk.sign(body.getBytes()));
        answer(env.rtk.deliver(env.webhookUrl(), body));
    }

    private void answer(HttpResponse<String> response) {
        shown.append(response.statusCode()).append(' ').append(response.headers().map()).append(' ')
                .append(response.body()).append('\n');
    }

    /** The query string of each link in the body, and each value in it that is a credential. */
    private void secretsOfLinks(String body) throws Exception {
        JsonNode recording = JSON.readTree(body).path("recording");
        for (String field : new String[] {"downloadUrl", "audioDownloadUrl"}) {
            if (recording.hasNonNull(field)) {
                String query = URI.create(recording.get(field).textValue()).getRawQuery();
                secrets.add(query);
                for (String pair : query.split("&")) {
                    if (pair.startsWith("X-Amz-Signature=") || pair.startsWith("X-Amz-Credential=")) {
                        secrets.add(pair.substring(pair.indexOf('=') + 1));
                    }
                }
            }
        }
    }
}
