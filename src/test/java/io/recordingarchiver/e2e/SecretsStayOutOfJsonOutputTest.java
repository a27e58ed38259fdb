package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordingarchiver.testkit.StandInRecording;

/**
 * {@link SecretsStayOutOfOutputTest} with the log written by the JSON format's layout
 * ({@code archiver.log.format=json}): the same secrets stay out, every line is one JSON object with
 * the common fields, and the lines written while a recording is worked on carry its ids as fields.
 */
class SecretsStayOutOfJsonOutputTest extends SecretsStayOutOfOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected String logFormat() {
        return "json";
    }

    @Override
    protected void checkLogFormat(String logText, List<StandInRecording> recordings) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logText.split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as("a JSON object per line: %s", line).isTrue();
                assertThat(node.fieldNames()).toIterable().contains("timestamp", "level", "logger", "message");
                assertThat(node.get("timestamp").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                lines.add(node);
            }
        }
        assertThat(lines).hasSizeGreaterThan(10);
        for (StandInRecording recording : recordings) {
            List<JsonNode> about = lines.stream()
                    .filter(node -> recording.id().equals(node.path("recordingId").textValue())).toList();
            assertThat(about).as("lines carrying recordingId %s", recording.id()).isNotEmpty();
            assertThat(about).allSatisfy(node ->
                    assertThat(node.path("meetingId").textValue()).isEqualTo(recording.meetingId()));
        }
        for (JsonNode node : lines) {
            String message = node.path("message").textValue();
            String field = node.path("recordingId").textValue();
            for (StandInRecording recording : recordings) {
                if (field != null && message.contains(recording.id())) {
                    assertThat(field).as("the recordingId field of: %s", message).isEqualTo(recording.id());
                }
            }
            if (node.hasNonNull("error.type")) {
                assertThat(node.path("error.stack_trace").textValue()).as("stack of %s", message)
                        .contains(node.get("error.type").textValue());
            }
        }
    }
}
