package io.recordingarchiver.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Builds {@code recording.statusUpdate} webhook bodies in the shape of REALTIMEKIT.md. */
final class StatusUpdatePayloads {

    static final Duration DEFAULT_LINK_VALIDITY = Duration.ofHours(1);

    private final ObjectMapper json;
    private final PresignedLinks links;
    private final Clock clock;

    StatusUpdatePayloads(ObjectMapper json, PresignedLinks links, Clock clock) {
        this.json = json;
        this.links = links;
        this.clock = clock;
    }

    String build(StandInRecording r, String status, PayloadOptions options) {
        ObjectNode body = json.createObjectNode().put("event", "recording.statusUpdate");
        body.set("meeting", meeting(r, options));
        body.set("recording", recording(r, status, options));
        if (options.hasUnknownFields()) {
            body.put("apiVersion", "v9-future");
            body.putObject("delivery").put("attempt", 1).putArray("tags").add("unknown");
        }
        return body.toString();
    }

    private ObjectNode meeting(StandInRecording r, PayloadOptions options) {
        TimestampStyle time = options.timestampStyle();
        ObjectNode meeting = json.createObjectNode()
                .put("id", r.meetingId())
                .put("sessionId", r.sessionId())
                .put("title", r.meetingTitle())
                .put("status", "LIVE")
                .put("createdAt", time.format(r.invokedTime().minusSeconds(60)))
                .put("startedAt", time.format(r.invokedTime().minusSeconds(30)))
                .putNull("endedAt");
        meeting.putObject("organizedBy").put("id", r.organizationId()).put("name", r.organizationName());
        if (options.hasUnknownFields()) {
            meeting.put("region", "ap-south-1").putObject("presetHints").put("layout", "grid");
        }
        return meeting;
    }

    private ObjectNode recording(StandInRecording r, String status, PayloadOptions options) {
        TimestampStyle time = options.timestampStyle();
        boolean stopped = StandInRecording.isStopped(status);
        ObjectNode recording = json.createObjectNode()
                .put("id", r.id())
                .put("recordingId", r.id())
                .put("status", status)
                .put("meetingId", r.meetingId())
                .put("organizationId", r.organizationId())
                .put("roomUUID", r.sessionId())
                .put("outputFileName", r.outputFileName())
                .put("startedTime", "INVOKED".equals(status) ? null : time.format(r.startedTime()))
                .put("stoppedTime", stopped ? time.format(r.stoppedTime()) : null)
                .put("recordingDuration", stopped ? r.durationSeconds() : 0);
        if (StandInRecording.hasFileSize(status)) {
            long size = options.fileSizeOverride().orElse(r.video().size());
            if (options.isFileSizeAsNumber()) {
                recording.put("fileSize", size);
            } else {
                recording.put("fileSize", Long.toString(size));
            }
        }
        if ("UPLOADED".equals(status) && !options.isWithoutDownloadLink()) {
            Instant expiry = options.linkExpiry().orElseGet(() -> clock.instant().plus(DEFAULT_LINK_VALIDITY));
            DownloadLinks issued = DownloadLinks.issue(links, r, expiry);
            if (issued.tracks().isEmpty()) {
                recording.put("downloadUrl", issued.videoUrl());
            } else {
                // a track recording: the array form, as in the REST API (REALTIMEKIT.md)
                recording.set("downloadUrl", issued.trackArray(json));
            }
            if (issued.audioUrl() != null) {
                recording.put("audioDownloadUrl", issued.audioUrl());
            }
            recording.put("downloadUrlExpiry", time.format(expiry));
        }
        switch (options.stopReasonForm()) {
            case OBJECT -> recording.putObject("stopReason").put("reason", "API_CALL")
                    .putObject("caller").put("type", "ORGANIZATION");
            case DICT_STRING -> recording.put("stopReason", "{'reason': 'API_CALL', 'caller': {'type': 'ORGANIZATION'}}");
            case ABSENT -> { }
        }
        if (options.hasUnknownFields()) {
            recording.put("recordingFormat", "MP4_H264").putObject("storageHints").put("tier", "hot");
        }
        return recording;
    }
}
