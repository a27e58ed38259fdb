package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.PayloadOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * The REST API's 429 during a link refresh: each next attempt waits for its retry-after, then
 * succeeds. The HTTP client itself retries a 429 once after its retry-after; the second 429 in a
 * row reaches Camel's redelivery, which must wait as long.
 */
class ApiRateLimitTest extends ArchiverTestBase {

    @Test
    void linkRefreshAnswered429IsRetriedNoSoonerThanItsRetryAfter() throws Exception {
        RecordingFile video = env.rtk.addFile("throttled.mp4", 4000, 801);
        StandInRecording recording = env.rtk.recording(video);
        int before = env.rtk.apiCalls();
        env.rtk.throttleNextApiCalls(2, 2);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED",
                PayloadOptions.defaults().linkExpiry(Instant.now().plus(1, ChronoUnit.MINUTES))));

        Instant first = awaitApiCalls(before + 1);
        Instant second = awaitApiCalls(before + 2);
        Instant third = awaitApiCalls(before + 3);
        assertThat(Duration.between(first, second)).as("the HTTP client's own retry").isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(Duration.between(second, third)).as("Camel's redelivery").isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        awaitState(recording.id(), "ARCHIVED");
        assertThat(env.rtk.apiCalls()).isEqualTo(before + 3);
    }

    private Instant awaitApiCalls(int calls) throws InterruptedException {
        Await.until("the REST API to be called " + calls + " times", () -> env.rtk.apiCalls() >= calls);
        return env.rtk.apiCallTimes().get(calls - 1);
    }
}
