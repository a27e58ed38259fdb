package io.recordingarchiver.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.recordingarchiver.Redaction;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.StrictJson;
import io.recordingarchiver.dispatch.ArchivedFile;

/**
 * The JSON documents written next to archived recordings and for ERRORED ones. Every string in
 * them, the webhook payload included, goes through {@link Redaction#stripQueryStrings}, so no
 * presigned query ever reaches the archive.
 */
public final class Manifest {

    /** The version of the manifest layout. */
    public static final int SCHEMA_VERSION = 1;

    private static final String OCTET_STREAM = "application/octet-stream";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "mp4", "video/mp4",
            "webm", "video/webm",
            "mp3", "audio/mpeg",
            "aac", "audio/aac",
            "m4a", "audio/mp4",
            "ogg", "audio/ogg",
            "wav", "audio/wav");

    private Manifest() {
    }

    /**
     * The manifest of an archived recording.
     *
     * @param audio the audio-only file, or null when there is none
     */
    public static ObjectNode archived(RecordingEvent e, ArchivedFile recording, ArchivedFile audio, Instant archivedAt) {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(archivedAt, "archivedAt");
        ObjectNode manifest = header(e);
        manifest.put("archivedAt", archivedAt.toString());
        ObjectNode files = manifest.putObject("files");
        files.set("recording", file(recording));
        files.set("audio", audio == null ? files.nullNode() : file(audio));
        manifest.put("downloadUrlExpiry", iso(e.downloadUrlExpiry()));
        return withWebhook(manifest, e);
    }

    /**
     * The manifest of an archived recording with all its files: {@code files.recording} (null for a
     * track recording), {@code files.audio} (null without one) and {@code files.tracks}, one
     * {@code {layerName, key, size, sha256, contentType, sourceFileName}} per track file (empty for a
     * composite recording).
     *
     * @throws IllegalStateException when a file of the recording is not stored yet
     */
    public static ObjectNode archived(RecordingEvent e, RecordingFiles stored, Instant archivedAt) {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(archivedAt, "archivedAt");
        ObjectNode manifest = header(e);
        manifest.put("archivedAt", archivedAt.toString());
        ObjectNode files = manifest.putObject("files");
        ArchivedFile recording = stored.getRecordingFile();
        ArchivedFile audio = stored.getAudio();
        files.set("recording", recording == null ? files.nullNode() : file(recording));
        files.set("audio", audio == null ? files.nullNode() : file(audio));
        ArrayNode tracks = files.putArray("tracks");
        for (RecordingFiles.StoredTrack track : stored.getTracks()) {
            tracks.add(file(track.file()).put("layerName", track.layerName()));
        }
        manifest.put("downloadUrlExpiry", iso(e.downloadUrlExpiry()));
        return withWebhook(manifest, e);
    }

    /** The error manifest of a recording that will never be archived; {@code reason} is redacted. */
    public static ObjectNode errored(RecordingEvent e, String reason, Instant at) {
        Objects.requireNonNull(at, "at");
        ObjectNode manifest = header(e);
        manifest.put("reason", reason);
        manifest.put("erroredAt", at.toString());
        return withWebhook(manifest, e);
    }

    /** The manifest as pretty-printed UTF-8 JSON. */
    public static byte[] toBytes(ObjectNode manifest) {
        try {
            return StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The content type for a file name's extension; {@code application/octet-stream} when unknown. */
    public static String contentTypeFor(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        if (dot < 0) {
            return OCTET_STREAM;
        }
        String extension = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, OCTET_STREAM);
    }

    private static ObjectNode header(RecordingEvent e) {
        Objects.requireNonNull(e, "event");
        ObjectNode manifest = StrictJson.MAPPER.createObjectNode();
        manifest.put("schemaVersion", SCHEMA_VERSION);
        manifest.put("recordingId", e.recordingId());
        manifest.put("meetingId", e.meetingId());
        manifest.put("sessionId", e.sessionId());
        manifest.put("organizationId", e.organizationId());
        manifest.put("meetingTitle", e.meetingTitle());
        manifest.put("status", e.status());
        manifest.put("startedTime", iso(e.startedTime()));
        manifest.put("stoppedTime", iso(e.stoppedTime()));
        manifest.put("durationSeconds", e.durationSeconds());
        manifest.put("stopReason", e.stopReason());
        return manifest;
    }

    private static ObjectNode file(ArchivedFile file) {
        ObjectNode node = StrictJson.MAPPER.createObjectNode();
        node.put("key", file.key());
        node.put("size", file.size());
        node.put("sha256", file.sha256());
        node.put("contentType", file.contentType());
        node.put("sourceFileName", file.sourceFileName());
        return node;
    }

    private static ObjectNode withWebhook(ObjectNode manifest, RecordingEvent e) {
        manifest.set("webhook", e.payload());
        return (ObjectNode) Redaction.stripQueryStrings(manifest);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
