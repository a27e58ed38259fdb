package io.recordingarchiver.archive;

import static io.recordingarchiver.Payloads.MEETING_ID;
import static io.recordingarchiver.Payloads.RECORDING_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.recordingarchiver.Payloads;
import io.recordingarchiver.Redaction;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.dispatch.ArchivedFile;

class ManifestTest {

    private static final Instant ARCHIVED_AT = Instant.parse("2026-06-10T11:00:00Z");
    private final RecordingEvent uploaded = RecordingEvent.parse(Payloads.UPLOADED);
    private final ArchivedFile video = new ArchivedFile("recordings/m/r/weekly-sync.mp4", 2_044_680L,
            "ab".repeat(32), "video/mp4", "weekly-sync_1718012345678.mp4");
    private final ArchivedFile audio = new ArchivedFile("recordings/m/r/audio.mp3", 1000L,
            "cd".repeat(32), "audio/mpeg", "weekly-sync.mp3");

    @Test
    void describesAnArchivedRecording() {
        ObjectNode m = Manifest.archived(uploaded, video, audio, ARCHIVED_AT);

        assertThat(m.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(m.get("recordingId").asText()).isEqualTo(RECORDING_ID);
        assertThat(m.get("meetingId").asText()).isEqualTo(MEETING_ID);
        assertThat(m.get("sessionId").asText()).isEqualTo(Payloads.SESSION_ID);
        assertThat(m.get("organizationId").asText()).isEqualTo(Payloads.ORGANIZATION_ID);
        assertThat(m.get("meetingTitle").asText()).isEqualTo("Weekly sync");
        assertThat(m.get("status").asText()).isEqualTo("UPLOADED");
        assertThat(m.get("startedTime").asText()).isEqualTo("2026-06-10T10:00:00Z");
        assertThat(m.get("stoppedTime").asText()).isEqualTo("2026-06-10T10:30:00Z");
        assertThat(m.get("durationSeconds").asLong()).isEqualTo(1800L);
        assertThat(m.get("archivedAt").asText()).isEqualTo("2026-06-10T11:00:00Z");
        assertThat(m.get("downloadUrlExpiry").asText()).isEqualTo("2026-06-17T10:30:00Z");
        JsonNode recording = m.get("files").get("recording");
        assertThat(recording.get("key").asText()).isEqualTo(video.key());
        assertThat(recording.get("size").asLong()).isEqualTo(2_044_680L);
        assertThat(recording.get("sha256").asText()).isEqualTo(video.sha256());
        assertThat(recording.get("contentType").asText()).isEqualTo("video/mp4");
        assertThat(recording.get("sourceFileName").asText()).isEqualTo(video.sourceFileName());
        assertThat(m.get("files").get("audio").get("key").asText()).isEqualTo(audio.key());
        assertThat(m.get("webhook").get("recording").get("id").asText()).isEqualTo(RECORDING_ID);
        assertThat(m.get("webhook").get("recording").get("downloadUrl").asText())
                .isEqualTo(Redaction.url(Payloads.DOWNLOAD_URL));
    }

    @Test
    void recordsAMissingAudioFileAsNull() {
        ObjectNode m = Manifest.archived(uploaded, video, null, ARCHIVED_AT);

        assertThat(m.get("files").get("audio").isNull()).isTrue();
    }

    @Test
    void archivedManifestHoldsNoQueryString() {
        String text = new String(Manifest.toBytes(Manifest.archived(RecordingEvent.parse(Payloads.DYTE_ERA),
                video, audio, ARCHIVED_AT)), StandardCharsets.UTF_8);

        assertThat(text).doesNotContain("?", "X-Amz", "deadbeef").contains("dyte-uploads.s3.ap-south-1.amazonaws.com/x.mp4");
        text = new String(Manifest.toBytes(Manifest.archived(uploaded, video, audio, ARCHIVED_AT)), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("?", "X-Amz", "deadbeef");
    }

    @Test
    void describesAnErroredRecordingWithARedactedReason() {
        ObjectNode tree = Payloads.uploadedTree();
        Payloads.recording(tree).put("status", "ERRORED");
        RecordingEvent errored = Payloads.parse(tree);

        ObjectNode m = Manifest.errored(errored, "fetch " + Payloads.DOWNLOAD_URL + " gave 403", ARCHIVED_AT);

        assertThat(m.get("recordingId").asText()).isEqualTo(RECORDING_ID);
        assertThat(m.get("status").asText()).isEqualTo("ERRORED");
        assertThat(m.get("stoppedTime").asText()).isEqualTo("2026-06-10T10:30:00Z");
        assertThat(m.get("erroredAt").asText()).isEqualTo("2026-06-10T11:00:00Z");
        assertThat(m.get("reason").asText()).endsWith("weekly-sync.mp4?<redacted> gave 403");
        assertThat(m.has("files")).isFalse();
        assertThat(m.get("webhook").get("recording").get("status").asText()).isEqualTo("ERRORED");
        assertThat(m.toString()).doesNotContain("X-Amz", "deadbeef");
    }

    @Test
    void writesPrettyPrintedUtf8() {
        ObjectNode tree = Payloads.uploadedTree();
        ((ObjectNode) tree.get("meeting")).put("title", "Réunion ✓");

        byte[] bytes = Manifest.toBytes(Manifest.errored(Payloads.parse(tree), "gone", ARCHIVED_AT));

        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\n  \"schemaVersion\" : 1").contains("\"meetingTitle\" : \"Réunion ✓\"");
        assertThat(Payloads.parseTree(text).get("reason").asText()).isEqualTo("gone");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "rec.mp4, video/mp4",
            "REC.MP4, video/mp4",
            "rec.webm, video/webm",
            "a.mp3, audio/mpeg",
            "a.aac, audio/aac",
            "a.m4a, audio/mp4",
            "a.ogg, audio/ogg",
            "a.wav, audio/wav",
            "a.exe, application/octet-stream",
            "mp4, application/octet-stream",
            "NULL, application/octet-stream"})
    void choosesTheContentTypeByExtension(String fileName, String contentType) {
        assertThat(Manifest.contentTypeFor(fileName)).isEqualTo(contentType);
    }
}
