package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, the first row of its table: the packaged archiver hammered with correctly signed
 * deliveries while it starts and while it stops ({@code SIGTERM}). Vert.x opens the public port
 * before Camel starts the routes, and the routes stop before the port closes; in both windows a
 * delivery must get 503 with {@code Retry-After} (RealtimeKit retries it) or a refused connection,
 * never a 404 or any other 4xx (RealtimeKit drops those for good). Every delivery answered 200 must
 * end archived after a restart.
 *
 * <p>Outcome-based: the senders start before the process and stop once it has exited; whatever the
 * machine's speed, each answer is checked, and each recording answered 200 is awaited as ARCHIVED.
 * A sender resends the same delivery after a 503 or a connection error, as RealtimeKit does.
 */
class StartStopWindowIT {

    private static final int SENDERS = 4;
    /** Accepted deliveries to see while running before the SIGTERM. */
    private static final int ACCEPTED_BEFORE_STOP = 12;

    @Test
    void noDeliveryIsRefusedWhileStartingOrStoppingAndEveryAcceptedOneIsArchived() throws Exception {
        int s3Port = ArchiverEnvironment.freePort();
        try (ArchiverEnvironment env = new ArchiverEnvironment().with("archiver.shutdown.timeout", "PT5S")) {
            Senders senders = new Senders(env);
            senders.start();
            try {
                ArchiverProcess first = ArchiverProcess.start(env, s3Port, "start-stop-window-first");
                try {
                    senders.awaitAccepted(ACCEPTED_BEFORE_STOP, Duration.ofMinutes(3));
                    first.terminate(Duration.ofSeconds(90));
                } finally {
                    first.close();
                }
            } finally {
                senders.stop();
            }

            assertThat(senders.refusedWith4xx).as("answers in 400..499 (each a delivery RealtimeKit would drop)").isEmpty();
            assertThat(senders.other).as("answers that are neither 200 nor 503").isEmpty();
            assertThat(senders.without503RetryAfter.get()).as("503s without Retry-After").isZero();
            assertThat(senders.connectionErrors.get()).as("connections refused before the port opened").isPositive();
            System.out.printf("start/stop window: %d accepted, %d answered 503, %d connection errors%n",
                    senders.accepted.size(), senders.unavailable.get(), senders.connectionErrors.get());

            try (ArchiverProcess second = ArchiverProcess.start(env, s3Port, "start-stop-window-second")) {
                ManagementClient status = new ManagementClient(env.managementPort);
                Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
                for (String recordingId : senders.accepted) {
                    String state = null;
                    while (Instant.now().isBefore(deadline)) {
                        HttpResponse<String> answer = status.get("/recordings/" + recordingId);
                        JsonNode json = answer.statusCode() == 200 ? ManagementClient.json(answer) : null;
                        state = json == null ? "unknown (" + answer.statusCode() + ")" : json.path("archiveState").asText();
                        if ("ARCHIVED".equals(state)) {
                            break;
                        }
                        Thread.sleep(100);
                    }
                    assertThat(state).as("recording %s, answered 200, after the restart", recordingId)
                            .isEqualTo("ARCHIVED");
                }
            }
        }
    }

    /** Threads that each send UPLOADED deliveries of new recordings back to back, resending until answered 200. */
    private static final class Senders {

        private final ArchiverEnvironment env;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        final ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        final Map<String, Integer> refusedWith4xx = new ConcurrentHashMap<>();
        final Map<String, Integer> other = new ConcurrentHashMap<>();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger without503RetryAfter = new AtomicInteger();
        final AtomicInteger connectionErrors = new AtomicInteger();

        Senders(ArchiverEnvironment env) {
            this.env = env;
        }

        void start() {
            for (int i = 0; i < SENDERS; i++) {
                Thread thread = new Thread(this::sendUntilStopped, "start-stop-sender-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        void awaitAccepted(int count, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (accepted.size() < count) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("only " + accepted.size() + " deliveries accepted within " + timeout);
                }
                Thread.sleep(50);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }

        private void sendUntilStopped() {
            while (running.get()) {
                RecordingFile video = env.rtk.addFile("window-" + UUID.randomUUID() + ".mp4", 2000, System.nanoTime());
                StandInRecording recording = env.rtk.recording(video);
                byte[] body = env.rtk.statusUpdate(recording, "UPLOADED").getBytes(StandardCharsets.UTF_8);
                HttpRequest request = HttpRequest.newBuilder(env.webhookUrl())
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("rtk-uuid", UUID.randomUUID().toString())
                        .header("rtk-signature", env.rtk.sign(body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                while (running.get()) { // resent as RealtimeKit would, until answered 200
                    try {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        int code = answer.statusCode();
                        if (code == 200) {
                            accepted.add(recording.id());
                            break;
                        } else if (code == 503) {
                            unavailable.incrementAndGet();
                            if (answer.headers().firstValue("Retry-After").isEmpty()) {
                                without503RetryAfter.incrementAndGet();
                            }
                        } else if (code >= 400 && code < 500) {
                            refusedWith4xx.merge(code + " " + answer.body(), 1, Integer::sum);
                        } else {
                            other.merge(code + " " + answer.body(), 1, Integer::sum);
                        }
                    } catch (IOException e) {
                        connectionErrors.incrementAndGet();
                        pause(); // nothing listens (yet, or any more): do not spin
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        private static void pause() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
