package io.recordingarchiver.archive;

import static io.recordingarchiver.Payloads.MEETING_ID;
import static io.recordingarchiver.Payloads.ORGANIZATION_ID;
import static io.recordingarchiver.Payloads.RECORDING_ID;
import static io.recordingarchiver.Payloads.SESSION_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.recordingarchiver.Payloads;
import io.recordingarchiver.event.RecordingEvent;

class ArchiveKeysTest {

    private static final String FOLDER = "recordings/" + MEETING_ID + "/" + RECORDING_ID + "/";
    private final RecordingEvent uploaded = RecordingEvent.parse(Payloads.UPLOADED);

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(value = {
        "recordings/{meetingId}/{recordingId}/{outputFileName}, recordings/",
        "archive/rtk/{yyyy}/{MM}/{recordingId}.mp4,              archive/rtk/",
        "archive/rtk-{recordingId}/{outputFileName},             archive/",
        "{yyyy}/{recordingId}/{outputFileName},                   ''",
    })
    void fixedPrefixIsTheFolderBeforeTheFirstPlaceholder(String template, String prefix) {
        org.assertj.core.api.Assertions.assertThat(new ArchiveKeys(template, null).fixedPrefix()).isEqualTo(prefix);
    }

    @Test
    void anIdThatIsNoUuidIsUsedAsSentAndAnUnsafeOneNeverBecomesAKey() {
        var tree = Payloads.uploadedTree();
        Payloads.recording(tree).put("meetingId", "0123456789abcdef0123456789ABCDEF");
        RecordingEvent hex = Payloads.parse(tree);
        assertThat(new ArchiveKeys().recordingKey(hex)).startsWith("recordings/0123456789abcdef0123456789ABCDEF/");
        assertThat(new ArchiveKeys().unusableId(hex)).isNull();

        Payloads.recording(tree).put("meetingId", "a/b");
        RecordingEvent unsafe = Payloads.parse(tree);
        assertThat(new ArchiveKeys().unusableId(unsafe)).isEqualTo(
                "the meeting id cannot be part of an object key (only letters, digits, _ - . are safe)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ArchiveKeys().recordingKey(unsafe))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("a/b");
        assertThat(new ArchiveKeys("recordings/{recordingId}/{outputFileName}", "errors/{recordingId}.json")
                .unusableId(unsafe)).as("not in the templates: not checked").isNull();
    }

    @Test
    void usesTheDefaultLayout() {
        ArchiveKeys keys = new ArchiveKeys();

        assertThat(keys.recordingKey(uploaded)).isEqualTo(FOLDER + "weekly-sync_1718012345678.mp4");
        assertThat(keys.audioKey(uploaded)).isEqualTo(FOLDER + "audio.mp3");
        assertThat(keys.manifestKey(uploaded)).isEqualTo(FOLDER + "manifest.json");
        assertThat(keys.errorKey(uploaded)).isEqualTo("errors/" + RECORDING_ID + ".json");
    }

    @Test
    void blankTemplatesSelectTheDefaults() {
        ArchiveKeys keys = new ArchiveKeys(" ", null);

        assertThat(keys.recordingKey(uploaded)).isEqualTo(FOLDER + "weekly-sync_1718012345678.mp4");
        assertThat(keys.errorKey(uploaded)).isEqualTo("errors/" + RECORDING_ID + ".json");
    }

    @Test
    void rendersEveryPlaceholder() {
        ArchiveKeys keys = new ArchiveKeys(
                "{organizationId}/{yyyy}/{MM}/{dd}/{sessionId}/{meetingId}/{recordingId}/{outputFileName}",
                "failed/{yyyy}-{MM}-{dd}/{meetingId}/{recordingId}.json");

        assertThat(keys.recordingKey(uploaded)).isEqualTo(ORGANIZATION_ID + "/2026/06/10/" + SESSION_ID + "/"
                + MEETING_ID + "/" + RECORDING_ID + "/weekly-sync_1718012345678.mp4");
        assertThat(keys.errorKey(uploaded)).isEqualTo("failed/2026-06-10/" + MEETING_ID + "/" + RECORDING_ID + ".json");
    }

    @Test
    void datesFollowStoppedThenStartedThenTodayInUtc() {
        ArchiveKeys keys = new ArchiveKeys("{yyyy}/{MM}/{dd}/{recordingId}/{outputFileName}", null,
                Clock.fixed(Instant.parse("2027-01-02T03:04:05Z"), ZoneOffset.UTC));
        ObjectNode tree = Payloads.uploadedTree();
        Payloads.recording(tree).put("stoppedTime", "2026-06-10T23:30:00-02:00");
        Payloads.recording(tree).put("startedTime", "2026-05-01T00:00:00Z");
        RecordingEvent stopped = Payloads.parse(tree);
        Payloads.recording(tree).remove("stoppedTime");
        RecordingEvent started = Payloads.parse(tree);
        Payloads.recording(tree).remove("startedTime");
        RecordingEvent undated = Payloads.parse(tree);

        assertThat(keys.recordingKey(stopped)).startsWith("2026/06/11/");
        assertThat(keys.recordingKey(started)).startsWith("2026/05/01/");
        assertThat(keys.recordingKey(undated)).startsWith("2027/01/02/");
    }

    @Test
    void rendersMissingValuesAsUnknown() {
        RecordingEvent bare = RecordingEvent.parse("{\"event\":\"recording.statusUpdate\",\"recording\":"
                + "{\"id\":\"" + RECORDING_ID + "\",\"status\":\"ERRORED\"}}");
        ArchiveKeys keys = new ArchiveKeys("{organizationId}/{meetingId}/{sessionId}/{recordingId}/{outputFileName}", null);

        assertThat(keys.recordingKey(bare)).isEqualTo("unknown/unknown/unknown/" + RECORDING_ID + "/" + RECORDING_ID + ".mp4");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "recordings/{meeting}/{recordingId}",
            "recordings/{recordingID}/{outputFileName}",
            "recordings/{}/{outputFileName}",
            "recordings/{recordingId/{outputFileName}",
            "recordings/recordingId}/{outputFileName}",
            "/recordings/{recordingId}/{outputFileName}",
            "recordings/../{recordingId}/{outputFileName}",
            "recordings/./{recordingId}/{outputFileName}",
            "recordings//{recordingId}/{outputFileName}",
            "recordings/{recordingId}/",
            "recordings\\{recordingId}"})
    void refusesBadTemplatesAtConstruction(String template) {
        assertThatThrownBy(() -> new ArchiveKeys(template, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveKeys(null, template)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesTheUnknownPlaceholder() {
        assertThatThrownBy(() -> new ArchiveKeys("r/{bucket}/{recordingId}", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{bucket}");
    }

    static Stream<Arguments> audioUrls() {
        return Stream.of(
                Arguments.of("https://h.example/r/rec.mp3?X-Amz-Signature=1", "mp3"),
                Arguments.of("https://h.example/r/rec.AAC?X-Amz-Signature=1", "aac"),
                Arguments.of("https://h.example/r/rec.m4a", "m4a"),
                Arguments.of("https://h.example/r/rec.ogg#t=1", "ogg"),
                Arguments.of("https://h.example/r/rec.wav", "wav"),
                Arguments.of("https://h.example/r/rec.exe", "mp3"),
                Arguments.of("https://h.example/r/rec", "mp3"),
                Arguments.of("https://h.example/r.aac/rec", "mp3"),
                Arguments.of("https://h.example/r/rec?format=.wav", "mp3"),
                Arguments.of(null, "mp3"));
    }

    @ParameterizedTest
    @MethodSource("audioUrls")
    void takesTheAudioExtensionFromTheUrlPath(String audioUrl, String extension) {
        RecordingEvent e = uploaded.withDownloadLinks(uploaded.downloadUrl(), audioUrl, null);

        assertThat(new ArchiveKeys().audioKey(e)).isEqualTo(FOLDER + "audio." + extension);
    }

    @Test
    void prefixesSiblingsWithTheRecordingIdWhenRecordingsShareAFolder() {
        ArchiveKeys keys = new ArchiveKeys("recordings/{yyyy}/{MM}/{recordingId}-{outputFileName}", null);

        assertThat(keys.recordingKey(uploaded)).isEqualTo("recordings/2026/06/" + RECORDING_ID + "-weekly-sync_1718012345678.mp4");
        assertThat(keys.audioKey(uploaded)).isEqualTo("recordings/2026/06/" + RECORDING_ID + ".audio.mp3");
        assertThat(keys.manifestKey(uploaded)).isEqualTo("recordings/2026/06/" + RECORDING_ID + ".manifest.json");
    }

    @Test
    void keepsSiblingsAtTheTopWhenTheTemplateHasNoFolder() {
        ArchiveKeys keys = new ArchiveKeys("{recordingId}.mp4", null);

        assertThat(keys.manifestKey(uploaded)).isEqualTo(RECORDING_ID + ".manifest.json");
    }

    @Test
    void hostileFileNamesStayInsideTheRecordingFolder() {
        ArchiveKeys keys = new ArchiveKeys();
        for (String name : List.of("../../../etc/passwd", "/abs/x.mp4", "..\\..\\x.mp4", "..", "./.", "a//b")) {
            ObjectNode tree = Payloads.uploadedTree();
            Payloads.recording(tree).put("outputFileName", name);

            String key = keys.recordingKey(Payloads.parse(tree));

            assertThat(key).as(name).startsWith(FOLDER).doesNotContain("..", "//", "\\");
            assertThat(key.substring(FOLDER.length())).as(name).doesNotContain("/").isNotEmpty();
        }
    }
}
