package io.recordingarchiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code GET /recordings/{recording_id}} says about a recording's download links.
 *
 * @param downloadUrl      the presigned recording URL, or null (also for track recordings' arrays)
 * @param audioDownloadUrl the presigned audio-only URL, or null
 * @param expiry           when the links expire, or null
 * @param status           the recording status in upper case, or null
 * @param fileSize         the size in bytes, or null
 */
public record RecordingLinks(String downloadUrl, String audioDownloadUrl, Instant expiry, String status, Long fileSize) {

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
            return new RecordingLinks(
                    Fields.httpUrl(data.get("download_url"), "download_url"),
                    Fields.httpUrl(data.get("audio_download_url"), "audio_download_url"),
                    Fields.strictTimestamp(data.get("download_url_expiry"), "download_url_expiry"),
                    status == null ? null : status.trim().toUpperCase(Locale.ROOT),
                    Fields.wholeNumber(data.get("file_size"), "file_size"));
        } catch (IntakeRejection e) {
            throw new IllegalArgumentException("the REST recording is invalid: " + e.getReason());
        }
    }

    /**
     * Reads the envelope of {@code GET /recordings}: {@code data} is an array of recordings,
     * {@code paging} holds {@code total_count, start_offset, end_offset}. Without paging the page is
     * taken as complete.
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
        long startOffset = paging.path("start_offset").asLong(0);
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
