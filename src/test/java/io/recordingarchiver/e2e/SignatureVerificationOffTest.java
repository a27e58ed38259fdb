package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.recordingarchiver.testkit.DeliveryOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * {@code archiver.webhook.verify-signatures=false}: deliveries are taken without a signature, and
 * the start says so with a WARN. (With the default, unsigned deliveries get 401: HostileIntakeTest.)
 */
class SignatureVerificationOffTest extends ArchiverTestBase {

    private static final LogCapture LOG = LogCapture.attach();

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.webhook.verify-signatures", "false");
    }

    @Test
    void unsignedDeliveriesAreAcceptedAndTheStartWarnsAboutIt() throws Exception {
        RecordingFile video = env.rtk.addFile("unsigned.mp4", 1000, 601);
        StandInRecording recording = env.rtk.recording(video);

        HttpResponse<String> unsigned = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "RECORDING"),
                DeliveryOptions.defaults().unsigned());
        HttpResponse<String> forged = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADING"),
                DeliveryOptions.defaults().signature("Zm9yZ2Vk"));

        assertThat(unsigned.statusCode()).isEqualTo(200);
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(LOG.text()).contains("WARN io.recordingarchiver.intake.IntakeBeans - Webhook signature verification is OFF");
    }

    /** With verification off every delivery counts as authentic: a malformed body is held (issue 10), not refused. */
    @Test
    void malformedBodiesAreHeldNotRefused() throws Exception {
        int heldBefore = db().queryForObject("SELECT COUNT(*) FROM held_delivery", Integer.class);

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), "[]", DeliveryOptions.defaults().unsigned());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"result\":\"held\"", "not a JSON object");
        assertThat(db().queryForObject("SELECT COUNT(*) FROM held_delivery", Integer.class)).isEqualTo(heldBefore + 1);
    }
}
