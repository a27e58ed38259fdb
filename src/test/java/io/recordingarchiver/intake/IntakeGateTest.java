package io.recordingarchiver.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.recordingarchiver.Payloads;
import io.recordingarchiver.archive.ArchiveKeys;

/** {@link IntakeGate#read}: the pure decision on a verified body; never throws, says stored or held and why. */
class IntakeGateTest {

    private final IntakeGate gate = new IntakeGate();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aValidStatusUpdateIsToBeStored() {
        IntakeGate.Reading reading = gate.read(utf8(Payloads.UPLOADED));

        assertThat(reading.held()).isFalse();
        assertThat(reading.event().recordingId()).isEqualTo(Payloads.RECORDING_ID);
    }

    @Test
    void anotherEventTypeIsNeitherStoredNorHeld() {
        IntakeGate.Reading reading = gate.read(utf8("{\"event\":\"meeting.started\"}"));

        assertThat(reading.held()).isFalse();
        assertThat(reading.event().isRecordingStatusUpdate()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                                             | empty-body",
            "[1]                                                            | not-json",
            "{\"recording\":{}}                                             | no-event",
            "{\"event\":\"recording.statusUpdate\"}                          | missing-field",
            "{\"event\":\"recording.statusUpdate\",\"recording\":{\"id\":\"r\"}} | missing-field"})
    void whatCannotBeReadIsHeldWithACode(String body, String code) {
        IntakeGate.Reading reading = gate.read(utf8(body));

        assertThat(reading.held()).isTrue();
        assertThat(reading.reasonCode()).isEqualTo(code);
        assertThat(IntakeGate.HELD_REASONS).contains(code);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"id, ../x", "id, a b", "id, .hidden", "meetingId, m/1", "meetingId, ''"})
    void anIdUnusableInTheKeyIsHeld(String field, String value) {
        ObjectNode tree = Payloads.uploadedTree();
        Payloads.recording(tree).put(field, value);
        if (field.equals("id")) {
            Payloads.recording(tree).remove("recordingId");
        }

        IntakeGate.Reading reading = gate.read(utf8(tree.toString()));

        if (value.isEmpty()) {
            assertThat(reading.held()).as("a blank preferred id falls back to meeting.id").isFalse();
        } else {
            assertThat(reading.reasonCode()).isEqualTo("unusable-id");
            assertThat(reading.reason()).doesNotContain(value);
        }
    }

    @Test
    void anIdOnlyMattersWhereItBecomesPartOfAKey() {
        ObjectNode tree = Payloads.uploadedTree();
        Payloads.recording(tree).put("organizationId", "acme/../corp");

        assertThat(gate.read(utf8(tree.toString())).held()).isFalse();
        IntakeGate orgInKey = new IntakeGate(new ArchiveKeys("recordings/{organizationId}/{recordingId}/{outputFileName}", null));
        assertThat(orgInKey.read(utf8(tree.toString())).reasonCode()).isEqualTo("unusable-id");
    }

    @Test
    void anIdLongerThanTheStoreKeepsIsHeld() {
        ObjectNode tree = Payloads.uploadedTree();
        tree.with("meeting").put("sessionId", "s".repeat(ArchiveKeys.MAX_ID_LENGTH + 1));
        Payloads.recording(tree).remove("roomUUID");

        assertThat(gate.read(utf8(tree.toString())).reason()).contains("longer than 128");
    }

    @Test
    void neverThrowsForAnyBytes() {
        Random random = new Random(10);
        for (int i = 0; i < 5000; i++) {
            byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            assertThatCode(() -> gate.read(body)).doesNotThrowAnyException();
        }
        assertThatCode(() -> gate.read(null)).doesNotThrowAnyException();
    }
}
