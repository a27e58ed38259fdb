package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: {@code archiver.webhook.public-key-urls} lists both published key locations. Here the
 * first one is down (nothing listens on its port) and the second is the stand-in's well-known URL:
 * deliveries still verify, with the second location's key.
 */
class KeyLocationsEndToEndTest extends ArchiverTestBase {

    @Override
    protected ArchiverEnvironment environment() {
        ArchiverEnvironment environment = new ArchiverEnvironment();
        String down = "http://127.0.0.1:" + ArchiverEnvironment.freePort() + "/.well-known/webhooks.json";
        return environment.with("archiver.webhook.public-key", "")
                .with("archiver.webhook.public-key-url", "")
                .with("archiver.webhook.public-key-urls", down + "," + environment.rtk.wellKnownUrl());
    }

    @Test
    void aDeliveryVerifiesWithTheKeyOfTheLocationThatIsUp() throws Exception {
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("key-locations.mp4", 1000, 1));
        int before = storedDeliveries();

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "INVOKED"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(storedDeliveries()).isEqualTo(before + 1);
        assertThat(env.rtk.wellKnownFetches()).isPositive();
    }

    @Test
    void aDeliveryWithAnotherSignatureIsStill401() throws Exception {
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("key-locations-bad.mp4", 1000, 2));
        int before = storedDeliveries();

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "INVOKED"),
                io.recordingarchiver.testkit.DeliveryOptions.defaults().signature(env.rtk.sign(new byte[] {1})));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(storedDeliveries()).isEqualTo(before);
    }
}
