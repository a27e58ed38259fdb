package io.recordingarchiver.event;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the array form of a track recording's download links, the same in the REST API
 * ({@code download_url}) and the webhook ({@code recording.downloadUrl}):
 * {@code [{"layer_name": "...", "download_urls": {"<file name>": {"download_url": "<URL>"}}}]}
 * (shared/REALTIMEKIT.md, "Recordings REST API"; Cloudflare's generated SDK types,
 * cloudflare-typescript {@code src/resources/realtime-kit/recordings.ts}, only declare the string form).
 */
public final class TrackLinks {

    private TrackLinks() {
    }

    /**
     * The files of the array, in order; empty for anything that is not an array (a plain string
     * link, null, absent). Entries without {@code download_urls}, and files whose value has no
     * {@code download_url} string, carry nothing to fetch and are skipped.
     *
     * @param field the field's name for error messages, e.g. {@code recording.downloadUrl}
     * @throws IllegalArgumentException when a listed {@code download_url} is not an http(s) URL;
     *                                  the message names the field, never the URL
     */
    public static List<TrackLink> read(JsonNode links, String field) {
        List<TrackLink> tracks = new ArrayList<>();
        if (links == null || !links.isArray()) {
            return tracks;
        }
        for (JsonNode layer : links) {
            JsonNode urls = layer.path("download_urls");
            if (!urls.isObject()) {
                continue;
            }
            JsonNode layerName = layer.get("layer_name");
            String layerText = layerName != null && layerName.isTextual() ? layerName.asText() : null;
            for (Map.Entry<String, JsonNode> file : (Iterable<Map.Entry<String, JsonNode>>) urls::fields) {
                JsonNode url = file.getValue().isTextual() ? file.getValue() : file.getValue().get("download_url");
                if (url == null || !url.isTextual() || url.asText().isBlank()) {
                    continue;
                }
                if (!isHttpUrl(url.asText().trim())) {
                    throw new IllegalArgumentException(field + "[].download_urls." + "<file>.download_url is not an http(s) URL");
                }
                tracks.add(new TrackLink(layerText, file.getKey(), url.asText().trim()));
            }
        }
        return tracks;
    }

    /** The array form of {@code tracks}, one entry per layer in order of first appearance: the inverse of {@link #read}. */
    public static ArrayNode toArray(List<TrackLink> tracks) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        Map<String, ObjectNode> layers = new java.util.LinkedHashMap<>();
        for (TrackLink track : tracks) {
            ObjectNode urls = layers.computeIfAbsent(String.valueOf(track.layerName()), key -> {
                ObjectNode entry = array.addObject();
                if (track.layerName() != null) {
                    entry.put("layer_name", track.layerName());
                }
                return entry.putObject("download_urls");
            });
            urls.putObject(track.fileName()).put("download_url", track.url());
        }
        return array;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
