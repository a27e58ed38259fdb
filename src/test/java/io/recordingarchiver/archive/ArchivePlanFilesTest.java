package io.recordingarchiver.archive;

import static io.recordingarchiver.Payloads.MEETING_ID;
import static io.recordingarchiver.Payloads.RECORDING_ID;
import static io.recordingarchiver.Payloads.recording;
import static io.recordingarchiver.Payloads.uploadedTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import io.recordingarchiver.Payloads;
import io.recordingarchiver.event.StrictJson;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.dispatch.ArchivedFile;

/** Which files of a recording go where: recording, track files under their own sanitised names, audio. */
class ArchivePlanFilesTest {

    private static final String FOLDER = "recordings/" + MEETING_ID + "/" + RECORDING_ID + "/";
    private final ArchivePlan plan = new ArchivePlan(new ArchiveKeys(), Duration.ofMinutes(10));

    @Test
    void aCompositeRecordingIsItsFileThenItsAudio() {
        RecordingFiles files = plan.files(Payloads.parse(uploadedTree()));

        assertThat(files.getEntries()).extracting(e -> e.role()).containsExactly(RecordingFiles.Role.RECORDING,
                RecordingFiles.Role.AUDIO);
        assertThat(files.getEntries().get(0).file().key()).isEqualTo(FOLDER + "weekly-sync_1718012345678.mp4");
    }

    @Test
    void aTrackRecordingsFilesGoUnderTheRecordingsFolderWithSafeDistinctNames() throws Exception {
        ObjectNode tree = uploadedTree();
        recording(tree).remove("audioDownloadUrl");
        recording(tree).set("downloadUrl", StrictJson.MAPPER.readTree("""
                [{"layer_name":"video","download_urls":{
                   "alice.webm":{"download_url":"https://h.example/1?sig=a"},
                   "../../../etc/passwd":{"download_url":"https://h.example/2?sig=b"},
                   "manifest.json":{"download_url":"https://h.example/3?sig=c"},
                   "..":{"download_url":"https://h.example/4?sig=d"}}},
                 {"layer_name":"screen","download_urls":{"alice.webm":{"download_url":"https://h.example/5?sig=e"}}}]
                """));

        RecordingFiles files = plan.files(Payloads.parse(tree));

        assertThat(files.getEntries()).extracting(e -> e.file().key()).containsExactly(
                FOLDER + "alice.webm",
                FOLDER + "passwd",
                FOLDER + "track-3-manifest.json",
                FOLDER + "track-4",
                FOLDER + "track-5-alice.webm");
        assertThat(files.getEntries()).extracting(RecordingFiles.Entry::layerName)
                .containsExactly("video", "video", "video", "video", "screen");
        assertThat(files.getEntries().get(1).file().sourceFileName()).isEqualTo("../../../etc/passwd");
        assertThat(files.getEntries().get(0).file().expectedSize()).isNull();
        assertThat(files.getEntries().get(0).file().metadata()).containsEntry("recording-id", RECORDING_ID);
    }

    @Test
    void anUploadedWithNothingToFetchHasNoFiles() {
        ObjectNode tree = uploadedTree();
        recording(tree).remove(List.of("downloadUrl", "audioDownloadUrl", "downloadUrlExpiry"));

        assertThatThrownBy(() -> plan.files(Payloads.parse(tree))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theManifestListsEveryTrackFile() throws Exception {
        ObjectNode tree = uploadedTree();
        recording(tree).remove("audioDownloadUrl");
        recording(tree).set("downloadUrl", StrictJson.MAPPER.readTree(
                "[{\"layer_name\":\"video\",\"download_urls\":{\"a.webm\":{\"download_url\":\"https://h.example/a?sig=1\"}}}]"));
        RecordingEvent event = Payloads.parse(tree);
        RecordingFiles files = plan.files(event);
        FileToArchive next = files.next();
        files.stored(new ArchivedFile(next.key(), 42, "ef".repeat(32), "video/webm", "a.webm"));

        JsonNode manifest = Manifest.archived(event, files, Instant.parse("2026-06-10T11:00:00Z"));

        assertThat(manifest.at("/files/recording").isNull()).isTrue();
        assertThat(manifest.at("/files/audio").isNull()).isTrue();
        assertThat(manifest.at("/files/tracks/0/key").asText()).isEqualTo(FOLDER + "a.webm");
        assertThat(manifest.at("/files/tracks/0/layerName").asText()).isEqualTo("video");
        assertThat(manifest.at("/files/tracks/0/size").asLong()).isEqualTo(42);
        assertThat(manifest.toString()).doesNotContain("sig=1");
    }
}
