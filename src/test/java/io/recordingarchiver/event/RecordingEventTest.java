package io.recordingarchiver.event;

import static io.recordingarchiver.Payloads.MEETING_ID;
import static io.recordingarchiver.Payloads.ORGANIZATION_ID;
import static io.recordingarchiver.Payloads.RECORDING_ID;
import static io.recordingarchiver.Payloads.SESSION_ID;
import static io.recordingarchiver.Payloads.recording;
import static io.recordingarchiver.Payloads.uploadedTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.recordingarchiver.Payloads;

class RecordingEventTest {

    @Test
    void readsTheDocumentedUploadedPayload() {
        RecordingEvent e = RecordingEvent.parse(Payloads.UPLOADED);

        assertThat(e.eventType()).isEqualTo("recording.statusUpdate");
        assertThat(e.isRecordingStatusUpdate()).isTrue();
        assertThat(e.recordingId()).isEqualTo(RECORDING_ID);
        assertThat(e.meetingId()).isEqualTo(MEETING_ID);
        assertThat(e.sessionId()).isEqualTo(SESSION_ID);
        assertThat(e.organizationId()).isEqualTo(ORGANIZATION_ID);
        assertThat(e.meetingTitle()).isEqualTo("Weekly sync");
        assertThat(e.status()).isEqualTo("UPLOADED");
        assertThat(e.outputFileName()).isEqualTo("weekly-sync_1718012345678.mp4");
        assertThat(e.rawOutputFileName()).isEqualTo("weekly-sync_1718012345678.mp4");
        assertThat(e.fileSize()).isEqualTo(2_044_680L);
        assertThat(e.durationSeconds()).isEqualTo(1800L);
        assertThat(e.startedTime()).isEqualTo(Instant.parse("2026-06-10T10:00:00Z"));
        assertThat(e.stoppedTime()).isEqualTo(Instant.parse("2026-06-10T10:30:00Z"));
        assertThat(e.downloadUrl()).isEqualTo(Payloads.DOWNLOAD_URL);
        assertThat(e.audioDownloadUrl()).isEqualTo(Payloads.AUDIO_URL);
        assertThat(e.downloadUrlExpiry()).isEqualTo(Instant.parse("2026-06-17T10:30:00Z"));
        assertThat(e.stopReason()).isEqualTo("API_CALL");
        assertThat(e.hasDownloadLink()).isTrue();
    }

    @Test
    void readsADyteEraPayload() {
        RecordingEvent e = RecordingEvent.parse(Payloads.DYTE_ERA);

        assertThat(e.recordingId()).isEqualTo(RECORDING_ID);
        assertThat(e.meetingId()).isEqualTo(MEETING_ID);
        assertThat(e.sessionId()).isEqualTo(SESSION_ID);
        assertThat(e.organizationId()).isNull();
        assertThat(e.meetingTitle()).isNull();
        assertThat(e.status()).isEqualTo("UPLOADED");
        assertThat(e.fileSize()).isEqualTo(2_044_680L);
        assertThat(e.startedTime()).isEqualTo(Instant.parse("2023-04-21T04:16:55.608944Z"));
        assertThat(e.stoppedTime()).isEqualTo(Instant.parse("2023-04-21T04:46:55.608944Z"));
        assertThat(e.downloadUrlExpiry()).isEqualTo(Instant.parse("2023-04-28T04:46:55.608944Z"));
        assertThat(e.stopReason()).isEqualTo("{'reason': 'ALL_PEERS_LEFT', 'caller': None}");
        assertThat(e.durationSeconds()).isNull();
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("2026-06-10T10:30:00.000Z", Instant.parse("2026-06-10T10:30:00Z")),
                Arguments.of("2026-06-10T10:30:00Z", Instant.parse("2026-06-10T10:30:00Z")),
                Arguments.of("2026-06-10T12:30:00.000+02:00", Instant.parse("2026-06-10T10:30:00Z")),
                Arguments.of("2023-04-21 04:46:55.608944Z", Instant.parse("2023-04-21T04:46:55.608944Z")),
                Arguments.of("2023-04-21 06:46:55.608944+02:00", Instant.parse("2023-04-21T04:46:55.608944Z")),
                Arguments.of("yesterday", null),
                Arguments.of("2026-06-10", null),
                Arguments.of("", null));
    }

    @ParameterizedTest
    @MethodSource("timestamps")
    void acceptsBothTimestampFormsAndIgnoresUnreadableOptionalOnes(String text, Instant expected) {
        ObjectNode tree = uploadedTree();
        recording(tree).put("startedTime", text).put("stoppedTime", text);

        RecordingEvent e = Payloads.parse(tree);

        assertThat(e.startedTime()).isEqualTo(expected);
        assertThat(e.stoppedTime()).isEqualTo(expected);
    }

    @Test
    void readsTheOlderTimestampFormForTheExpiry() {
        ObjectNode tree = uploadedTree();
        recording(tree).put("downloadUrlExpiry", "2023-04-21 04:46:55.608944Z");

        assertThat(Payloads.parse(tree).downloadUrlExpiry()).isEqualTo(Instant.parse("2023-04-21T04:46:55.608944Z"));
    }

    static Stream<Arguments> fileSizes() {
        return Stream.of(
                Arguments.of("\"2044680\"", 2_044_680L),
                Arguments.of("2044680", 2_044_680L),
                Arguments.of("\"0\"", 0L),
                Arguments.of("7516192768", 7_516_192_768L),
                Arguments.of("\"\"", null),
                Arguments.of("\"  \"", null),
                Arguments.of("null", null));
    }

    @ParameterizedTest
    @MethodSource("fileSizes")
    void readsFileSizeAsStringOrNumber(String json, Long expected) {
        String body = Payloads.UPLOADED.replace("\"fileSize\": \"2044680\"", "\"fileSize\": " + json);

        assertThat(RecordingEvent.parse(body).fileSize()).isEqualTo(expected);
    }

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("1800", 1800L),
                Arguments.of("\"1800\"", 1800L),
                Arguments.of("1800.7", 1800L),
                Arguments.of("-3", null),
                Arguments.of("\"long\"", null),
                Arguments.of("{}", null),
                Arguments.of("null", null));
    }

    @ParameterizedTest
    @MethodSource("durations")
    void readsDurationLeniently(String json, Long expected) {
        ObjectNode tree = uploadedTree();
        recording(tree).set("recordingDuration", Payloads.parseTree(json));

        assertThat(Payloads.parse(tree).durationSeconds()).isEqualTo(expected);
    }

    @Test
    void hasNoFileSizeBeforeUploading() {
        ObjectNode tree = uploadedTree();
        recording(tree).put("status", "RECORDING").remove("fileSize");

        assertThat(Payloads.parse(tree).fileSize()).isNull();
    }

    @Test
    void acceptsUploadedWithoutDownloadLinks() {
        ObjectNode tree = uploadedTree();
        recording(tree).remove(java.util.List.of("downloadUrl", "audioDownloadUrl", "downloadUrlExpiry"));

        RecordingEvent e = Payloads.parse(tree);

        assertThat(e.status()).isEqualTo("UPLOADED");
        assertThat(e.hasDownloadLink()).isFalse();
        assertThat(e.downloadUrl()).isNull();
        assertThat(e.audioDownloadUrl()).isNull();
        assertThat(e.downloadUrlExpiry()).isNull();
    }

    @Test
    void readsAStopReasonObjectAsItsJsonText() {
        ObjectNode tree = uploadedTree();
        recording(tree).putObject("stopReason").put("reason", "ALL_PEERS_LEFT").put("caller", "system");

        assertThat(Payloads.parse(tree).stopReason()).isEqualTo("{\"reason\":\"ALL_PEERS_LEFT\",\"caller\":\"system\"}");
    }

    @Test
    void hasNoStopReasonWhenAbsent() {
        ObjectNode tree = uploadedTree();
        recording(tree).remove("stopReason");

        assertThat(Payloads.parse(tree).stopReason()).isNull();
    }

    @Test
    void ignoresUnknownFieldsAndAbsentRoomName() {
        ObjectNode tree = uploadedTree();
        tree.put("newTopLevel", true);
        ((ObjectNode) tree.get("meeting")).remove("roomName");
        recording(tree).putObject("storageConfig").putArray("extra").add(1);

        RecordingEvent e = Payloads.parse(tree);

        assertThat(e.recordingId()).isEqualTo(RECORDING_ID);
        assertThat(e.payload().get("newTopLevel").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("statuses")
    void upperCasesStatusAndKeepsUnknownOnes(String sent, String expected) {
        ObjectNode tree = uploadedTree();
        recording(tree).put("status", sent);

        assertThat(Payloads.parse(tree).status()).isEqualTo(expected);
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("uploaded", "UPLOADED"),
                Arguments.of(" Recording ", "RECORDING"),
                Arguments.of("PAUSED", "PAUSED"),
                Arguments.of("TRANSCODING_LATER", "TRANSCODING_LATER"));
    }

    @Test
    void fallsBackToRecordingIdAndNormalisesUuidCase() {
        ObjectNode tree = uploadedTree();
        recording(tree).remove("id");
        recording(tree).put("recordingId", RECORDING_ID.toUpperCase());
        recording(tree).put("meetingId", MEETING_ID.toUpperCase());

        RecordingEvent e = Payloads.parse(tree);

        assertThat(e.recordingId()).isEqualTo(RECORDING_ID);
        assertThat(e.meetingId()).isEqualTo(MEETING_ID);
    }

    @Test
    void takesIdsFromTheMeetingWhenTheRecordingLacksThem() {
        ObjectNode tree = uploadedTree();
        recording(tree).remove(java.util.List.of("meetingId", "roomUUID", "organizationId"));

        RecordingEvent e = Payloads.parse(tree);

        assertThat(e.meetingId()).isEqualTo(MEETING_ID);
        assertThat(e.sessionId()).isEqualTo(SESSION_ID);
        assertThat(e.organizationId()).isEqualTo(ORGANIZATION_ID);
    }

    // Issue 10: read leniently where the meaning is clear.

    @Test
    void anIdNeedNotBeAUuid() {
        ObjectNode tree = uploadedTree();
        recording(tree).put("organizationId", "0123456789abcdef0123456789ABCDEF");
        recording(tree).put("id", "rec_123-A");

        RecordingEvent e = Payloads.parse(tree);

        assertThat(e.organizationId()).isEqualTo("0123456789abcdef0123456789ABCDEF");
        assertThat(e.recordingId()).isEqualTo("rec_123-A");
    }

    @Test
    void aFallbackIdIsReadOnlyWhenThePreferredOneIsMissing() {
        ObjectNode tree = uploadedTree();
        tree.with("meeting").with("organizedBy").put("id", "0123456789abcdef0123456789abcdef");
        tree.with("meeting").put("id", "not/even/safe");

        RecordingEvent e = Payloads.parse(tree);

        assertThat(e.organizationId()).isEqualTo(ORGANIZATION_ID);
        assertThat(e.meetingId()).isEqualTo(MEETING_ID);
        recording(tree).putNull("organizationId");
        assertThat(Payloads.parse(tree).organizationId()).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"262144.0", "\"262144.0\"", "2.62144E5", "\"2.62144E5\"", "\" 262144 \"", "262144.000"})
    void aWholeNumberWrittenAsAFloatIsASize(String json) {
        ObjectNode tree = uploadedTree();
        recording(tree).set("fileSize", Payloads.parseTree(json));

        assertThat(Payloads.parse(tree).fileSize()).isEqualTo(262144L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"2026-12-01T01:40:23.517601\"       | 2026-12-01T01:40:23.517601Z",
            "\"2026-12-01 01:40:23.517601\"       | 2026-12-01T01:40:23.517601Z",
            "\"2026-12-01T01:40:23.517601+0000\"  | 2026-12-01T01:40:23.517601Z",
            "\"2026-12-01T03:40:23+0200\"         | 2026-12-01T01:40:23Z",
            "\"2026-12-01T01:40:23.5+00\"         | 2026-12-01T01:40:23.500Z",
            "\"2026-12-01T01:40:23.517Z\"         | 2026-12-01T01:40:23.517Z",
            "1796089223517                          | 2026-12-01T01:40:23.517Z",
            "\"1796089223517\"                    | 2026-12-01T01:40:23.517Z",
            "1796089223                             | 2026-12-01T01:40:23Z"})
    void readsEveryClearTimestamp(String json, String expected) {
        ObjectNode tree = uploadedTree();
        recording(tree).set("downloadUrlExpiry", Payloads.parseTree(json.trim()));

        assertThat(Payloads.parse(tree).downloadUrlExpiry()).isEqualTo(java.time.Instant.parse(expected.trim()));
    }

    @Test
    void aRepeatedKeyTakesItsLastValueAndIsNamed() {
        String body = Payloads.UPLOADED.replace("\"status\": \"UPLOADED\",", "\"status\": \"ERRORED\", \"status\": \"UPLOADED\",");

        RecordingEvent e = RecordingEvent.parse(body);

        assertThat(e.status()).isEqualTo("UPLOADED");
        assertThat(e.duplicateKey()).isEqualTo("status");
        assertThat(Payloads.parse(uploadedTree()).duplicateKey()).isNull();
    }

    @Test
    void readsOnlyTheEventTypeOfOtherEvents() {
        RecordingEvent e = RecordingEvent.parse("{\"event\":\"meeting.started\",\"recording\":\"not even an object\"}");

        assertThat(e.eventType()).isEqualTo("meeting.started");
        assertThat(e.isRecordingStatusUpdate()).isFalse();
        assertThat(e.recordingId()).isNull();
        assertThat(e.status()).isNull();
        assertThat(e.outputFileName()).isNull();
        assertThat(e.downloadUrl()).isNull();
        assertThat(e.hasDownloadLink()).isFalse();
    }

    @Test
    void keepsTheBodyTextExactlyAndParsesBytesLikeText() {
        String body = "{ \"event\" : \"meeting.ended\" ,\n \"x\": \"é\" }  \n";

        RecordingEvent fromBytes = RecordingEvent.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(fromBytes.json()).isEqualTo(body);
        assertThat(fromBytes.payload()).isEqualTo(RecordingEvent.parse(body).payload());
        assertThat(fromBytes.payload().get("x").asText()).isEqualTo("é");
    }

    @Test
    void handsOutCopiesOfThePayload() {
        RecordingEvent e = RecordingEvent.parse(Payloads.UPLOADED);

        ((ObjectNode) e.payload().get("recording")).put("status", "ERRORED");

        assertThat(e.payload().get("recording").get("status").asText()).isEqualTo("UPLOADED");
    }

    @Test
    void toStringShowsNoUrl() {
        assertThat(RecordingEvent.parse(Payloads.UPLOADED).toString())
                .contains(RECORDING_ID, "UPLOADED")
                .doesNotContain("http", "X-Amz");
    }

    @Test
    void replacesDownloadLinksInAccessorsPayloadAndJson() {
        RecordingEvent original = RecordingEvent.parse(Payloads.UPLOADED);
        String fresh = "https://bucket.example-store.com/rec/new.mp4?X-Amz-Signature=fresh";
        Instant expiry = Instant.parse("2026-06-20T00:00:00Z");

        RecordingEvent refreshed = original.withDownloadLinks(fresh, null, expiry);

        assertThat(refreshed.downloadUrl()).isEqualTo(fresh);
        assertThat(refreshed.audioDownloadUrl()).isNull();
        assertThat(refreshed.downloadUrlExpiry()).isEqualTo(expiry);
        assertThat(refreshed.payload().get("recording").get("downloadUrl").asText()).isEqualTo(fresh);
        assertThat(refreshed.payload().get("recording").has("audioDownloadUrl")).isFalse();
        assertThat(refreshed.json()).contains("fresh").contains("2026-06-20T00:00:00Z");
        assertThat(refreshed.recordingId()).isEqualTo(original.recordingId());
        assertThat(original.downloadUrl()).isEqualTo(Payloads.DOWNLOAD_URL);
    }

    @Test
    void refusesAFreshLinkThatIsNoHttpUrl() {
        RecordingEvent e = RecordingEvent.parse(Payloads.UPLOADED);

        assertThatThrownBy(() -> e.withDownloadLinks("file:///etc/passwd?token=x", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recording.downloadUrl is not an http(s) URL");
    }

    @Test
    void refusesLinksOnOtherEvents() {
        RecordingEvent e = RecordingEvent.parse("{\"event\":\"meeting.ended\"}");

        assertThatThrownBy(() -> e.withDownloadLinks(Payloads.DOWNLOAD_URL, null, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void buildsAnEventFromARestRecording() throws Exception {
        JsonNode data = StrictJson.MAPPER.readTree("""
                {"id":"%s","status":"UPLOADED","meeting_id":"%s","session_id":"%s",
                 "output_file_name":"rest.mp4","file_size":1234,
                 "download_url":"%s","audio_download_url":null,
                 "download_url_expiry":"2026-06-17T10:30:00.000Z","invoked_time":"2026-06-10T09:59:00.000Z",
                 "started_time":"2026-06-10T10:00:00.000Z","stopped_time":"2026-06-10T10:30:00.000Z",
                 "recording_duration":1800,"start_reason":{"reason":"API_CALL"},"stop_reason":"API_CALL",
                 "storage_config":null}
                """.formatted(RECORDING_ID, MEETING_ID, SESSION_ID, Payloads.DOWNLOAD_URL));

        RecordingEvent e = RecordingEvent.fromRest(data);

        assertThat(e.isRecordingStatusUpdate()).isTrue();
        assertThat(e.recordingId()).isEqualTo(RECORDING_ID);
        assertThat(e.meetingId()).isEqualTo(MEETING_ID);
        assertThat(e.sessionId()).isEqualTo(SESSION_ID);
        assertThat(e.status()).isEqualTo("UPLOADED");
        assertThat(e.outputFileName()).isEqualTo("rest.mp4");
        assertThat(e.fileSize()).isEqualTo(1234L);
        assertThat(e.durationSeconds()).isEqualTo(1800L);
        assertThat(e.downloadUrl()).isEqualTo(Payloads.DOWNLOAD_URL);
        assertThat(e.audioDownloadUrl()).isNull();
        assertThat(e.downloadUrlExpiry()).isEqualTo(Instant.parse("2026-06-17T10:30:00Z"));
        assertThat(e.startedTime()).isEqualTo(Instant.parse("2026-06-10T10:00:00Z"));
        assertThat(e.stoppedTime()).isEqualTo(Instant.parse("2026-06-10T10:30:00Z"));
        assertThat(e.stopReason()).isEqualTo("API_CALL");
        assertThat(e.payload().get("source").asText()).isEqualTo("rest-api");
        assertThat(e.json()).contains("\"recording\"").contains("\"meetingId\"");
    }

    @Test
    void readsThePublishedListItemWithItsMeetingNested() throws Exception {
        // shape of cloudflare-typescript src/resources/realtime-kit/recordings.ts, RecordingGetRecordingsResponse.Data
        JsonNode data = StrictJson.MAPPER.readTree("""
                {"id":"%s","status":"UPLOADED","session_id":"%s","output_file_name":"rest.mp4","file_size":1234,
                 "download_url":"%s","audio_download_url":null,"download_url_expiry":"2026-06-17T10:30:00.000Z",
                 "invoked_time":"2026-06-10T09:59:00.000Z","started_time":null,"stopped_time":null,
                 "meeting":{"id":"%s","created_at":"2026-06-10T09:00:00.000Z","updated_at":"2026-06-10T09:00:00.000Z",
                            "title":"Weekly sync","status":"ACTIVE"}}
                """.formatted(RECORDING_ID, SESSION_ID, Payloads.DOWNLOAD_URL, MEETING_ID));

        RecordingEvent e = RecordingEvent.fromRest(data);

        assertThat(e.meetingId()).isEqualTo(MEETING_ID);
        assertThat(e.meetingTitle()).isEqualTo("Weekly sync");
    }

    @Test
    void prefersTheNestedMeetingToATopLevelMeetingId() throws Exception {
        JsonNode data = StrictJson.MAPPER.readTree("""
                {"id":"%s","status":"UPLOADED","meeting_id":"%s","meeting":{"id":"%s"}}
                """.formatted(RECORDING_ID, ORGANIZATION_ID, MEETING_ID));

        assertThat(RecordingEvent.fromRest(data).meetingId()).isEqualTo(MEETING_ID);
    }

    @Test
    void readsDownloadAudioUrlAsAnAliasOfAudioDownloadUrl() throws Exception {
        JsonNode alias = StrictJson.MAPPER.readTree("""
                {"id":"%s","status":"UPLOADED","download_url":"%s","download_audio_url":"%s"}
                """.formatted(RECORDING_ID, Payloads.DOWNLOAD_URL, Payloads.AUDIO_URL));
        JsonNode both = StrictJson.MAPPER.readTree("""
                {"id":"%s","status":"UPLOADED","audio_download_url":"%s","download_audio_url":"https://other.example/x.mp3"}
                """.formatted(RECORDING_ID, Payloads.AUDIO_URL));

        assertThat(RecordingEvent.fromRest(alias).audioDownloadUrl()).isEqualTo(Payloads.AUDIO_URL);
        assertThat(RecordingEvent.fromRest(both).audioDownloadUrl()).isEqualTo(Payloads.AUDIO_URL);
    }

    @Test
    void readsTheFilesOfATrackRecordingFromRestAndWebhook() throws Exception {
        String array = """
                [{"layer_name":"video","download_urls":{"alice.webm":{"download_url":"https://h.example/a.webm?sig=1"}}},
                 {"layer_name":"audio","download_urls":{"bob.ogg":{"download_url":"https://h.example/b.ogg?sig=2"}}}]""";
        RecordingEvent rest = RecordingEvent.fromRest(StrictJson.MAPPER.readTree(
                "{\"id\":\"%s\",\"status\":\"UPLOADED\",\"download_url\":%s}".formatted(RECORDING_ID, array)));
        ObjectNode tree = uploadedTree();
        recording(tree).set("downloadUrl", StrictJson.MAPPER.readTree(array));
        RecordingEvent hook = Payloads.parse(tree);

        for (RecordingEvent e : List.of(rest, hook)) {
            assertThat(e.downloadUrl()).isNull();
            assertThat(e.hasDownloadLink()).isTrue();
            assertThat(e.trackLinks()).extracting(TrackLink::fileName).containsExactly("alice.webm", "bob.ogg");
            assertThat(e.trackLinks()).extracting(TrackLink::layerName).containsExactly("video", "audio");
        }
        RecordingEvent refreshed = hook.withDownloadLinks(null, null, Instant.parse("2026-06-20T00:00:00Z"),
                List.of(new TrackLink("video", "alice.webm", "https://h.example/a.webm?sig=new")));
        assertThat(refreshed.trackLinks()).extracting(TrackLink::url).containsExactly("https://h.example/a.webm?sig=new");
        assertThat(refreshed.meetingId()).isEqualTo(hook.meetingId());
    }

    @Test
    void refusesATrackFileLinkThatIsNotHttp() throws Exception {
        ObjectNode tree = uploadedTree();
        recording(tree).set("downloadUrl", StrictJson.MAPPER.readTree(
                "[{\"layer_name\":\"v\",\"download_urls\":{\"a\":{\"download_url\":\"ftp://h.example/SECRET\"}}}]"));

        assertThatThrownBy(() -> Payloads.parse(tree)).isInstanceOf(IntakeRejection.class)
                .message().doesNotContain("SECRET");
    }

    @Test
    void toleratesTrackRecordingLinkArraysFromRest() throws Exception {
        JsonNode data = StrictJson.MAPPER.readTree("""
                {"id":"%s","status":"UPLOADED",
                 "download_url":[{"track":"audio","url":"https://h.example/a.mp3?sig=1"}]}
                """.formatted(RECORDING_ID));

        RecordingEvent e = RecordingEvent.fromRest(data);

        assertThat(e.downloadUrl()).isNull();
        assertThat(e.hasDownloadLink()).isFalse();
        assertThat(e.outputFileName()).isEqualTo(RECORDING_ID + ".mp4");
    }

    @Test
    void toleratesALinkArrayInAWebhookToo() {
        ObjectNode tree = uploadedTree();
        recording(tree).putArray("downloadUrl").addObject().put("url", Payloads.DOWNLOAD_URL);

        assertThat(Payloads.parse(tree).downloadUrl()).isNull();
    }

    @Test
    void validatesRestRecordingsLikeWebhooks() throws Exception {
        JsonNode noId = StrictJson.MAPPER.readTree("{\"status\":\"UPLOADED\"}");

        assertThatThrownBy(() -> RecordingEvent.fromRest(noId))
                .isInstanceOf(IntakeRejection.class)
                .hasMessage("the recording has no id");
        assertThat(RecordingEvent.fromRest(StrictJson.MAPPER.readTree("{\"id\":\"rec-1\",\"status\":\"UPLOADED\"}"))
                .recordingId()).isEqualTo("rec-1");
        assertThatThrownBy(() -> RecordingEvent.fromRest(StrictJson.MAPPER.readTree("[]")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
