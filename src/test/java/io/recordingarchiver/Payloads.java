package io.recordingarchiver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.event.RecordingEvent;

/** Webhook bodies shaped like the ones in REALTIMEKIT.md. */
public final class Payloads {

    public static final String RECORDING_ID = "0f6e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    public static final String MEETING_ID = "bbb11111-2222-4333-8444-555566667777";
    public static final String SESSION_ID = "ccc11111-2222-4333-8444-555566667777";
    public static final String ORGANIZATION_ID = "ddd11111-2222-4333-8444-555566667777";
    public static final String PRESIGNED_QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAEXAMPLE%2F20260610%2Fauto%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20260610T103000Z&X-Amz-Expires=604800&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=deadbeefcafe0123456789";
    public static final String DOWNLOAD_URL = "https://bucket.example-store.com/rec/" + RECORDING_ID
            + "/weekly-sync.mp4?" + PRESIGNED_QUERY;
    public static final String AUDIO_URL = "https://bucket.example-store.com/rec/" + RECORDING_ID
            + "/weekly-sync.mp3?" + PRESIGNED_QUERY;

    /** The current documented shape of an UPLOADED delivery. */
    public static final String UPLOADED = """
            {
              "event": "recording.statusUpdate",
              "meeting": {
                "id": "%2$s", "sessionId": "%3$s", "title": "Weekly sync", "roomName": "weekly",
                "status": "LIVE", "createdAt": "2026-06-10T10:00:00.000Z",
                "startedAt": "2026-06-10T10:01:00.000Z", "endedAt": null,
                "organizedBy": {"id": "%4$s", "name": "Acme"}
              },
              "recording": {
                "id": "%1$s", "recordingId": "%1$s", "status": "UPLOADED",
                "meetingId": "%2$s", "organizationId": "%4$s", "roomUUID": "%3$s",
                "outputFileName": "weekly-sync_1718012345678.mp4",
                "startedTime": "2026-06-10T10:00:00.000Z", "stoppedTime": "2026-06-10T10:30:00.000Z",
                "recordingDuration": 1800,
                "fileSize": "2044680",
                "downloadUrl": "%5$s",
                "audioDownloadUrl": "%6$s",
                "downloadUrlExpiry": "2026-06-17T10:30:00.000Z",
                "stopReason": "API_CALL"
              }
            }
            """.formatted(RECORDING_ID, MEETING_ID, SESSION_ID, ORGANIZATION_ID, DOWNLOAD_URL, AUDIO_URL);

    /** A Dyte-era delivery: space timestamps, numeric size, recordingId only, session in roomUUID, no meeting. */
    public static final String DYTE_ERA = """
            {"event":"recording.statusUpdate",
             "recording":{"recordingId":"%s","status":"uploaded","meetingId":"%s","roomUUID":"%s",
               "outputFileName":"dyte-room_1682052415.mp4",
               "startedTime":"2023-04-21 04:16:55.608944Z","stoppedTime":"2023-04-21 04:46:55.608944Z",
               "fileSize":2044680,
               "downloadUrl":"https://dyte-uploads.s3.ap-south-1.amazonaws.com/x.mp4?%s",
               "downloadUrlExpiry":"2023-04-28 04:46:55.608944Z",
               "stopReason":"{'reason': 'ALL_PEERS_LEFT', 'caller': None}"}}
            """.formatted(RECORDING_ID, MEETING_ID, SESSION_ID, PRESIGNED_QUERY);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Payloads() {
    }

    /** A mutable tree of {@link #UPLOADED}. */
    public static ObjectNode uploadedTree() {
        return (ObjectNode) parseTree(UPLOADED);
    }

    /** Any JSON text as a tree. */
    public static JsonNode parseTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The {@code recording} object of a tree. */
    public static ObjectNode recording(ObjectNode tree) {
        return (ObjectNode) tree.get("recording");
    }

    /** Parses a tree as a delivery. */
    public static RecordingEvent parse(ObjectNode tree) {
        return RecordingEvent.parse(tree.toString());
    }
}
