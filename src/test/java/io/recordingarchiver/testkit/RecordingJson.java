package io.recordingarchiver.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * Renders a recording the way the REST API does, following Cloudflare's generated SDK types
 * (github.com/cloudflare/cloudflare-typescript, {@code src/resources/realtime-kit/recordings.ts},
 * {@code RecordingGetRecordingsResponse.Data} and {@code RecordingGetOneRecordingResponse.Data}):
 * snake_case, ISO-8601 timestamps, nulls kept, {@code file_size} a number or null, and NO top-level
 * {@code meeting_id} or {@code organization_id}. A list item carries the meeting nested
 * ({@code "meeting": {"id", "created_at", "updated_at", "title", "status", ...}}); the one-recording
 * call carries no meeting at all. A track recording's {@code download_url} is the array form of
 * {@link DownloadLinks#trackArray} (REALTIMEKIT.md; the SDK types only declare the string form).
 */
final class RecordingJson {

    private final ObjectMapper json;

    RecordingJson(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The recording; {@code links} is null when the answer carries no download link;
     * {@code withMeeting} adds the nested meeting of a list item.
     */
    ObjectNode render(StandInRecording r, DownloadLinks links, boolean withMeeting) {
        String status = r.status();
        boolean stopped = StandInRecording.isStopped(status);
        ObjectNode node = json.createObjectNode()
                .put("id", r.id())
                .put("status", status)
                .put("session_id", r.sessionId())
                .put("output_file_name", r.outputFileName());
        if (StandInRecording.hasFileSize(status)) {
            node.put("file_size", r.video().size());
        } else {
            node.putNull("file_size");
        }
        if (links != null && !links.tracks().isEmpty()) {
            node.set("download_url", links.trackArray(json));
        } else {
            node.put("download_url", links == null ? null : links.videoUrl());
        }
        node.put("audio_download_url", links == null ? null : links.audioUrl())
                .put("download_url_expiry", links == null ? null : timestamp(links.expiry()))
                .put("invoked_time", timestamp(r.invokedTime()))
                .put("started_time", "INVOKED".equals(status) ? null : timestamp(r.startedTime()))
                .put("stopped_time", stopped ? timestamp(r.stoppedTime()) : null)
                .put("recording_duration", stopped ? r.durationSeconds() : 0);
        node.set("start_reason", reason());
        if (stopped) {
            node.set("stop_reason", reason());
        } else {
            node.putNull("stop_reason");
        }
        node.putNull("storage_config");
        if (withMeeting) {
            node.putObject("meeting")
                    .put("id", r.meetingId())
                    .put("created_at", timestamp(r.invokedTime().minusSeconds(60)))
                    .put("updated_at", timestamp(r.invokedTime().minusSeconds(60)))
                    .put("title", r.meetingTitle())
                    .put("status", "ACTIVE")
                    .put("record_on_start", false);
        }
        return node;
    }

    private ObjectNode reason() {
        ObjectNode reason = json.createObjectNode().put("reason", "API_CALL");
        reason.putObject("caller").put("type", "ORGANIZATION").putNull("user_id");
        return reason;
    }

    private static String timestamp(Instant instant) {
        return instant == null ? null : TimestampStyle.ISO_MILLIS.format(instant);
    }
}
