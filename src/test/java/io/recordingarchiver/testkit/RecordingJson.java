package io.recordingarchiver.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** Renders a recording the way the REST API does: snake_case, ISO-8601 timestamps, nulls kept. */
final class RecordingJson {

    private final ObjectMapper json;

    RecordingJson(ObjectMapper json) {
        this.json = json;
    }

    /** The recording; {@code links} is null when the answer carries no download link. */
    ObjectNode render(StandInRecording r, DownloadLinks links) {
        String status = r.status();
        boolean stopped = StandInRecording.isStopped(status);
        ObjectNode node = json.createObjectNode()
                .put("id", r.id())
                .put("status", status)
                .put("meeting_id", r.meetingId())
                .put("session_id", r.sessionId())
                .put("organization_id", r.organizationId())
                .put("output_file_name", r.outputFileName());
        if (StandInRecording.hasFileSize(status)) {
            node.put("file_size", r.video().size());
        } else {
            node.putNull("file_size");
        }
        node.put("download_url", links == null ? null : links.videoUrl())
                .put("audio_download_url", links == null ? null : links.audioUrl())
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
