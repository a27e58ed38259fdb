package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The 503 answers that make RealtimeKit retry: the signing key cannot be fetched, or the state
 * store is down. The key comes from the stand-in's well-known URL here instead of a configured PEM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntakeUnavailableEndToEndTest extends ArchiverTestBase {

    @Override
    protected ArchiverEnvironment environment() {
        ArchiverEnvironment environment = new ArchiverEnvironment();
        return environment.with("archiver.webhook.public-key", "")
                .with("archiver.webhook.public-key-url", environment.rtk.wellKnownUrl());
    }

    @Test
    @Order(1)
    void keyThatCannotBeObtainedIs503SoRealtimeKitRetries() throws Exception {
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("nokey.mp4", 1000, 1));
        env.rtk.setWellKnownFailing(true);

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "INVOKED"));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.body()).contains("signing key could not be obtained");
        assertThat(storedDeliveries()).isZero();
        env.rtk.setWellKnownFailing(false);
    }

    @Test
    @Order(2)
    void keyFetchedFromTheWellKnownUrlVerifiesDeliveriesOnceAvailable() throws Exception {
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("key.mp4", 1000, 1));
        String body = env.rtk.statusUpdate(recording, "INVOKED");

        // as RealtimeKit retries a 503: the key is asked for again at most every 10 s after a failed fetch
        Await.until("a retried delivery to be accepted once the key is published again",
                () -> env.rtk.deliver(env.webhookUrl(), body).statusCode() == 200);
        assertThat(storedDeliveries()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void stateStoreDownIs503SoRealtimeKitRetries() throws Exception {
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("nostore.mp4", 1000, 1));
        String body = env.rtk.statusUpdate(recording, "INVOKED");
        context.getRegistry().lookupByNameAndType("dataSource", DataSource.class).unwrap(HikariDataSource.class)
                .close();

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), body);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.body()).contains("could not be stored");
        assertThat(answer.headers().map()).doesNotContainKeys("rtk-signature", "rtk-uuid");
    }
}
