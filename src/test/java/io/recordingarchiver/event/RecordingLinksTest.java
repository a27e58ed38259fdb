package io.recordingarchiver.event;

import static io.recordingarchiver.Payloads.RECORDING_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.recordingarchiver.Payloads;

class RecordingLinksTest {

    @Test
    void readsTheLinksOfOneRecording() {
        RecordingLinks links = RecordingLinks.fromRestResponse("""
                {"success":true,"data":{"id":"%s","status":"uploaded","file_size":"2044680",
                 "download_url":"%s","audio_download_url":"%s",
                 "download_url_expiry":"2023-04-28 04:46:55.608944Z","storage_config":null}}
                """.formatted(RECORDING_ID, Payloads.DOWNLOAD_URL, Payloads.AUDIO_URL));

        assertThat(links.downloadUrl()).isEqualTo(Payloads.DOWNLOAD_URL);
        assertThat(links.audioDownloadUrl()).isEqualTo(Payloads.AUDIO_URL);
        assertThat(links.expiry()).isEqualTo(Instant.parse("2023-04-28T04:46:55.608944Z"));
        assertThat(links.status()).isEqualTo("UPLOADED");
        assertThat(links.fileSize()).isEqualTo(2_044_680L);
    }

    @Test
    void toleratesTrackRecordingArraysAndMissingFields() {
        RecordingLinks links = RecordingLinks.fromRestResponse("""
                {"success":true,"data":{"id":"%s","download_url":[{"url":"%s"}]}}
                """.formatted(RECORDING_ID, Payloads.DOWNLOAD_URL));

        assertThat(links).isEqualTo(new RecordingLinks(null, null, null, null, null));
    }

    @Test
    void readsDownloadAudioUrlAsAnAliasAndATrackRecordingsFiles() {
        RecordingLinks alias = RecordingLinks.fromRestResponse("""
                {"success":true,"data":{"id":"%s","download_url":"%s","download_audio_url":"%s"}}
                """.formatted(RECORDING_ID, Payloads.DOWNLOAD_URL, Payloads.AUDIO_URL));
        RecordingLinks tracks = RecordingLinks.fromRestResponse("""
                {"success":true,"data":{"id":"%s","status":"UPLOADED","download_url_expiry":"2026-06-17T10:30:00.000Z",
                 "download_url":[{"layer_name":"video","download_urls":{"a.webm":{"download_url":"https://h.example/a?sig=1"}}}]}}
                """.formatted(RECORDING_ID));

        assertThat(alias.audioDownloadUrl()).isEqualTo(Payloads.AUDIO_URL);
        assertThat(tracks.downloadUrl()).isNull();
        assertThat(tracks.hasLinks()).isTrue();
        assertThat(tracks.tracks()).singleElement().satisfies(t -> {
            assertThat(t.fileName()).isEqualTo("a.webm");
            assertThat(t.url()).isEqualTo("https://h.example/a?sig=1");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"success\":false,\"errors\":[{\"code\":7003,\"message\":\"see https://h.example/x?token=SECRET\"}]}",
            "{\"success\":true}",
            "{\"success\":true,\"data\":[]}",
            "{\"success\":\"true\",\"data\":{}}",
            "{\"data\":{}}",
            "<html>https://h.example/x?token=SECRET</html>",
            "",
            "{\"success\":true,\"data\":{\"download_url\":\"ftp://h.example/x?token=SECRET\"}}",
            "{\"success\":true,\"data\":{\"file_size\":-5}}",
            "{\"success\":true,\"data\":{\"download_url_expiry\":\"soon\"}}"})
    void refusesFailedOrBrokenAnswersWithoutEchoingThem(String json) {
        assertThatThrownBy(() -> RecordingLinks.fromRestResponse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("SECRET", "h.example", "ftp:");
    }

    @Test
    void refusesANullAnswer() {
        assertThatThrownBy(() -> RecordingLinks.fromRestResponse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAPageOfRecordings() {
        RecordingPage page = RecordingLinks.fromListResponse("""
                {"success":true,
                 "data":[{"id":"%s","status":"UPLOADED"},{"id":"%s","status":"UPLOADED","download_url":[]}],
                 "paging":{"total_count":57,"start_offset":50,"end_offset":51}}
                """.formatted(RECORDING_ID, Payloads.MEETING_ID));

        assertThat(page.totalCount()).isEqualTo(57);
        assertThat(page.endOffset()).isEqualTo(51);
        assertThat(page.recordings()).hasSize(2);
        assertThat(page.recordings().get(1).get("id").asText()).isEqualTo(Payloads.MEETING_ID);
        assertThat(RecordingEvent.fromRest(page.recordings().get(0)).recordingId()).isEqualTo(RECORDING_ID);
    }

    @Test
    void takesAPageWithoutPagingAsComplete() {
        RecordingPage page = RecordingLinks.fromListResponse("{\"success\":true,\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");

        assertThat(page.totalCount()).isEqualTo(2);
        // offsets are 1-based and inclusive in every published example
        assertThat(page.endOffset()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"success\":true,\"data\":{}}", "{\"success\":false,\"data\":[]}", "[]"})
    void refusesBrokenPages(String json) {
        assertThatThrownBy(() -> RecordingLinks.fromListResponse(json)).isInstanceOf(IllegalArgumentException.class);
    }
}
