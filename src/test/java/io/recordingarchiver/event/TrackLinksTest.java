package io.recordingarchiver.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The array form of a track recording's download links (shared/REALTIMEKIT.md). */
class TrackLinksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsEveryFileOfEveryLayerInOrder() throws Exception {
        JsonNode links = JSON.readTree("""
                [{"layer_name":"video","download_urls":{
                    "alice.webm":{"download_url":"https://b.example/alice.webm?X-Amz-Signature=s1"},
                    "bob.webm":{"download_url":"https://b.example/bob.webm?X-Amz-Signature=s2"}}},
                 {"layer_name":"audio","download_urls":{"carol.ogg":{"download_url":"http://b.example/c.ogg"}}}]
                """);

        assertThat(TrackLinks.read(links, "download_url")).containsExactly(
                new TrackLink("video", "alice.webm", "https://b.example/alice.webm?X-Amz-Signature=s1"),
                new TrackLink("video", "bob.webm", "https://b.example/bob.webm?X-Amz-Signature=s2"),
                new TrackLink("audio", "carol.ogg", "http://b.example/c.ogg"));
    }

    @Test
    void aStringNullOrOtherShapesHoldNoTrack() throws Exception {
        assertThat(TrackLinks.read(JSON.readTree("\"https://b.example/r.mp4\""), "f")).isEmpty();
        assertThat(TrackLinks.read(null, "f")).isEmpty();
        assertThat(TrackLinks.read(JSON.readTree("[{\"track\":\"audio\",\"url\":\"https://b.example/a\"}]"), "f")).isEmpty();
        assertThat(TrackLinks.read(JSON.readTree("[{\"download_urls\":{\"x.webm\":{}}}, 3]"), "f")).isEmpty();
    }

    @Test
    void aLinkThatIsNotHttpIsRefusedWithoutEchoingIt() throws Exception {
        JsonNode links = JSON.readTree("[{\"layer_name\":\"v\",\"download_urls\":{\"a\":{\"download_url\":\"file:///etc/SECRET\"}}}]");

        assertThatThrownBy(() -> TrackLinks.read(links, "recording.downloadUrl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recording.downloadUrl")
                .message().doesNotContain("SECRET");
    }

    @Test
    void writesTheArrayBackGroupedByLayerAndHidesUrlsFromToString() throws Exception {
        JsonNode links = JSON.readTree("""
                [{"layer_name":"video","download_urls":{"a.webm":{"download_url":"https://b.example/a?sig=1"},
                  "b.webm":{"download_url":"https://b.example/b?sig=2"}}}]
                """);

        assertThat(TrackLinks.toArray(TrackLinks.read(links, "f"))).isEqualTo(links);
        assertThat(TrackLinks.read(links, "f").get(0).toString()).doesNotContain("sig=");
    }
}
