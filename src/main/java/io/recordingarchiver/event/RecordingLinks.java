package io.recordingarchiver.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/**
 * What {@code GET /recordings/{recording_id}} says about a recording's download links. Shapes from
 * Cloudflare's generated SDK types (cloudflare-typescript {@code src/resources/realtime-kit/recordings.ts},
 * {@code RecordingGetOneRecordingResponse}, {@code RecordingGetRecordingsResponse}) and shared/REALTIMEKIT.md.
 *
 * @param downloadUrl      the presigned recording URL, or null (also for a track recording)
 * @param audioDownloadUrl the presigned audio-only URL ({@code audio_download_url}, else the older
 *                         guide's {@code download_audio_url}), or null
 * @param expiry           when the links expire, or null
 * @param status           the recording status in upper case, or null
 * @param fileSize         the size in bytes, or null
 * @param tracks           a track recording's files (the array form of {@code download_url}); empty otherwise
 */
public record RecordingLinks(String downloadUrl, String audioDownloadUrl, Instant expiry, String status, Long fileSize,
        List<TrackLink> tracks) {

    /** Keeps an unmodifiable copy of the track files; null means none. */
    public RecordingLinks {
        tracks = tracks == null ? List.of() : List.copyOf(tracks);
    }

    /** Links of a recording that is not a track recording. */
    public RecordingLinks(String downloadUrl, String audioDownloadUrl, Instant expiry, String status, Long fileSize) {
        this(downloadUrl, audioDownloadUrl, expiry, status, fileSize, List.of());
    }

    /** True when there is something to fetch: the recording's link or a track recording's files. */
    public boolean hasLinks() {
        return downloadUrl != null || !tracks.isEmpty();
    }

    /**
     * Reads the envelope {@code {"success":true,"data":{...}}} of one recording.
     *
     * @throws IllegalArgumentException when the call failed or the answer breaks the contract; the
     *                                  message never holds a URL or a token
     */
    public static RecordingLinks fromRestResponse(String json) {
        JsonNode data = successfulEnvelope(json).get("data");
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("the REST response has no recording data");
        }
        try {
            String status = Fields.nonBlankText(data.get("status"));
            String audio = Fields.httpUrl(data.get("audio_download_url"), "audio_download_url");
            return new RecordingLinks(
                    Fields.httpUrl(data.get("download_url"), "download_url"),
                    audio != null ? audio : Fields.httpUrl(data.get("download_audio_url"), "download_audio_url"),
                    Fields.strictTimestamp(data.get("download_url_expiry"), "download_url_expiry"),
                    status == null ? null : status.trim().toUpperCase(Locale.ROOT),
                    Fields.wholeNumber(data.get("file_size"), "file_size"),
                    TrackLinks.read(data.get("download_url"), "download_url"));
        } catch (IntakeRejection e) {
            throw new IllegalArgumentException("the REST recording is invalid: " + e.getReason());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the REST recording is invalid: " + e.getMessage());
        }
    }

    /**
     * Reads the envelope of {@code GET /recordings}: {@code data} is an array of recordings,
     * {@code paging} holds {@code total_count, start_offset, end_offset} (1-based and inclusive in
     * every published example; {@link ListingRun} does not rely on either). Without paging the page
     * is taken as complete.
     *
     * @throws IllegalArgumentException when the call failed or {@code data} is not an array
     */
    public static RecordingPage fromListResponse(String json) {
        ObjectNode root = successfulEnvelope(json);
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            throw new IllegalArgumentException("the REST response has no list of recordings");
        }
        List<JsonNode> recordings = new ArrayList<>();
        data.forEach(recording -> recordings.add(recording.deepCopy()));
        JsonNode paging = root.path("paging");
        long startOffset = paging.path("start_offset").asLong(1);
        return new RecordingPage(
                recordings,
                paging.path("total_count").asLong(recordings.size()),
                paging.path("end_offset").asLong(startOffset + recordings.size() - 1));
    }

    private static ObjectNode successfulEnvelope(String json) {
        ObjectNode root;
        try {
            root = StrictJson.readObject(json == null ? "" : json);
        } catch (IntakeRejection e) {
            throw new IllegalArgumentException("the REST response is unreadable: " + e.getReason());
        }
        JsonNode success = root.get("success");
        if (success == null || !success.isBoolean() || !success.booleanValue()) {
            throw new IllegalArgumentException("the REST response does not report success");
        }
        return root;
    }
}
