package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged archiver's start-up log as an operator reads it, with {@code archiver.log.format=json}
 * set the way an operator sets it: every line of its output is one JSON object (the libraries'
 * lines included), the endpoint summary names each endpoint under the port that really serves it
 * (checked against real requests on both ports), and the lines about an archived recording carry its
 * ids as fields.
 */
class OperatorLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLinesWithRecordingFieldsAndATruthfulEndpointSummary() throws Exception {
        int s3Port = ArchiverEnvironment.freePort();
        try (ArchiverEnvironment env = new ArchiverEnvironment().with("archiver.log.format", "json")) {
            RecordingFile video = env.rtk.addFile("operator-log.mp4", 3 * 1024 * 1024 + 5, 71);
            StandInRecording recording = env.rtk.recording(video);
            String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
            List<JsonNode> lines;
            try (ArchiverProcess archiver = ArchiverProcess.start(env, s3Port, "operator-log");
                    S3Client s3 = archiver.s3()) {
                assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"))
                        .statusCode()).isEqualTo(200);
                Buckets.awaitObject(s3, folder + "manifest.json", Duration.ofMinutes(2), archiver);

                HttpClient http = HttpClient.newHttpClient();
                assertThat(status(http, env.httpPort, "/recordings/" + recording.id())).as("public port").isEqualTo(404);
                assertThat(status(http, env.managementPort, "/recordings/" + recording.id())).isEqualTo(200);
                assertThat(status(http, env.managementPort, "/observe/health")).isEqualTo(200);
                assertThat(status(http, env.managementPort, "/webhooks/realtimekit")).as("management port")
                        .isEqualTo(404);
                archiver.terminate(Duration.ofSeconds(60));
                lines = parse(archiver.output());
            }

            List<String> messages = lines.stream().map(line -> line.path("message").asText()).toList();
            assertThat(messages).noneMatch(message -> message.contains("HTTP endpoints summary"));
            assertThat(messages).contains("Public port " + env.httpPort + " serves: /webhooks/realtimekit (POST)");
            String management = messages.stream()
                    .filter(message -> message.startsWith("Management port " + env.managementPort + " serves: "))
                    .findFirst().orElseThrow(() -> new AssertionError("no management port summary in " + messages));
            assertThat(management).contains("/ (GET)", "/recordings (GET)", "/recordings/{id} (GET)",
                    "/admin/backfill (POST)", "/admin/recordings/{id}/replay (POST)",
                    "/admin/recordings/replay-failed (POST)", "/observe/health (GET)", "/observe/metrics (GET)")
                    .doesNotContain("/webhooks/realtimekit");

            List<JsonNode> about = lines.stream()
                    .filter(line -> recording.id().equals(line.path("recordingId").textValue())).toList();
            assertThat(about).as("lines with the recordingId field").isNotEmpty()
                    .allSatisfy(line -> assertThat(line.path("meetingId").textValue()).isEqualTo(recording.meetingId()));
            assertThat(about).anySatisfy(line -> assertThat(line.path("message").asText()).contains("rchived"));
        }
    }

    private static int status(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Every line of the output as JSON: fails on the first line that is not one JSON object with the common fields. */
    private static List<JsonNode> parse(String output) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
            assertThat(node.fieldNames()).toIterable().as(line).contains("timestamp", "level", "logger", "message");
            lines.add(node);
        }
        assertThat(lines).hasSizeGreaterThan(20);
        return lines;
    }
}
