package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.recordingarchiver.testkit.DeliveryOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every answer of the webhook intake, over real HTTP; nothing refused is ever stored. */
class IntakeEndToEndTest extends ArchiverTestBase {

    private StandInRecording recording;
    private int storedBefore;

    @BeforeEach
    void newRecording() {
        RecordingFile video = env.rtk.addFile("intake-" + System.nanoTime() + ".mp4", 1000, 1);
        recording = env.rtk.recording(video);
        storedBefore = storedDeliveries();
    }

    @Test
    void missingSignatureIs401() throws Exception {
        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "RECORDING"),
                DeliveryOptions.defaults().unsigned());

        assertRefused(answer, 401, "no rtk-signature header");
    }

    @Test
    void signatureOfAnotherBodyIs401() throws Exception {
        String other = env.rtk.statusUpdate(recording, "UPLOADING");
        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "RECORDING"),
                DeliveryOptions.defaults().signature(env.rtk.sign(other.getBytes(StandardCharsets.UTF_8))));

        assertRefused(answer, 401, "does not match");
    }

    // Issue 10: a correctly signed body is never answered 4xx for its content; it is held with a reason.

    @Test
    void signedBodyThatIsNotAJsonObjectIsHeld() throws Exception {
        assertHeld(env.rtk.deliver(env.webhookUrl(), "[1, 2, 3]"), "not a JSON object");
        assertHeld(env.rtk.deliver(env.webhookUrl(), "{\"event\": "), "not a JSON object");
    }

    @Test
    void signedBodyWithoutEventIsHeld() throws Exception {
        assertHeld(env.rtk.deliver(env.webhookUrl(), "{\"recording\": {}}"), "no event");
    }

    @Test
    void signedRecordingWithAnIdUnusableInAKeyIsHeld() throws Exception {
        String body = env.rtk.statusUpdate(recording, "RECORDING").replace(recording.id(), "../../etc");

        assertHeld(env.rtk.deliver(env.webhookUrl(), body), "recording id cannot be part of an object key");
    }

    @Test
    void signedRecordingWithAnIdThatIsNoUuidIsStored() throws Exception {
        String id = "0123456789abcdef0123456789abcdef";
        String body = env.rtk.statusUpdate(recording, "RECORDING").replace(recording.id(), id);

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), body);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accepted\"", id);
        assertThat(db().queryForObject("SELECT COUNT(*) FROM delivery WHERE recording_id = ?", Integer.class, id))
                .isEqualTo(1);
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String padding = "x".repeat(1024 * 1024 + 10);
        String body = "{\"event\":\"recording.statusUpdate\",\"padding\":\"" + padding + "\"}";

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), body);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(storedDeliveries()).isEqualTo(storedBefore);
    }

    @Test
    void contentTypeOtherThanJsonIs415() throws Exception {
        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "RECORDING"),
                DeliveryOptions.defaults().contentType("application/x-www-form-urlencoded"));

        assertRefused(answer, 415, "application/json");
    }

    @Test
    void otherEventTypesAreAcknowledgedAndNotStored() throws Exception {
        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(),
                "{\"event\":\"meeting.started\",\"meeting\":{\"id\":\"" + recording.meetingId() + "\"}}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"result\":\"ignored\"", "meeting.started");
        assertThat(storedDeliveries()).isEqualTo(storedBefore);
    }

    @Test
    void acceptedDeliveryIsStoredBeforeTheAnswer() throws Exception {
        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "INVOKED"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(db().queryForObject("SELECT COUNT(*) FROM delivery WHERE recording_id = ?", Integer.class,
                recording.id())).isEqualTo(1);
    }

    private void assertHeld(HttpResponse<String> answer, String reason) {
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).startsWith("{\"result\":\"held\"").contains(reason);
        assertThat(storedDeliveries()).isEqualTo(storedBefore);
        assertThat(db().queryForObject("SELECT COUNT(*) FROM held_delivery WHERE reason LIKE ?", Integer.class,
                "%" + reason + "%")).isPositive();
    }

    private void assertRefused(HttpResponse<String> answer, int status, String reason) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().map()).as("request headers are not echoed")
                .doesNotContainKeys("rtk-signature", "rtk-uuid", "rtk-webhook-id");
        assertThat(answer.body()).startsWith("{\"error\":\"").contains(reason);
        assertThat(storedDeliveries()).isEqualTo(storedBefore);
    }
}
