package io.recordingarchiver.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.recordingarchiver.event.TrackLink;

/**
 * The presigned links of one recording; {@code audioUrl} is null without an audio-only file.
 * For a track recording {@code videoUrl} is null and {@code tracks} holds one link per track file.
 */
record DownloadLinks(String videoUrl, String audioUrl, Instant expiry, List<TrackLink> tracks) {

    /** The presigned link of one track file. */
    record TrackLink(String layerName, String fileName, String url) {
    }

    static DownloadLinks issue(PresignedLinks links, StandInRecording recording, Instant expiry) {
        RecordingFile audio = recording.audio();
        String audioUrl = audio == null ? null : links.issue(audio.name(), expiry);
        if (recording.isTrackRecording()) {
            List<TrackLink> tracks = recording.tracks().stream()
                    .map(t -> new TrackLink(t.layerName(), t.publishedName(), links.issue(t.file().name(), expiry)))
                    .toList();
            return new DownloadLinks(null, audioUrl, expiry, tracks);
        }
        return new DownloadLinks(links.issue(recording.video().name(), expiry), audioUrl, expiry, List.of());
    }

    /**
     * The track links in the published array form, the same in the REST API and the webhook:
     * {@code [{"layer_name": "...", "download_urls": {"<file name>": {"download_url": "..."}}}]},
     * one entry per layer (REALTIMEKIT.md, "Recordings REST API": track recordings, from the details
     * API and the webhook).
     */
    ArrayNode trackArray(ObjectMapper json) {
        Map<String, ObjectNode> layers = new LinkedHashMap<>();
        ArrayNode array = json.createArrayNode();
        for (TrackLink track : tracks) {
            ObjectNode urls = layers.computeIfAbsent(track.layerName(), layer -> {
                ObjectNode entry = array.addObject().put("layer_name", layer);
                return entry.putObject("download_urls");
            });
            urls.putObject(track.fileName()).put("download_url", track.url());
        }
        return array;
    }
}
