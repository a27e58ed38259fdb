package io.recordingarchiver;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.RecordingStatus;

/** {@code recording.statusUpdate} deliveries for the state store tests, shaped like {@link Payloads#UPLOADED}. */
public final class Events {

    private Events() {
    }

    public static String newRecordingId() {
        return UUID.randomUUID().toString();
    }

    /** A state change without a download link (any status but UPLOADED, as RealtimeKit sends them). */
    public static RecordingEvent status(String recordingId, String status) {
        ObjectNode tree = tree(recordingId, status);
        Payloads.recording(tree).remove(List.of("downloadUrl", "audioDownloadUrl", "downloadUrlExpiry"));
        return Payloads.parse(tree);
    }

    /** An UPLOADED delivery whose download link expires at {@code linkExpiry}. */
    public static RecordingEvent uploaded(String recordingId, Instant linkExpiry) {
        ObjectNode tree = tree(recordingId, RecordingStatus.UPLOADED);
        Payloads.recording(tree).put("downloadUrlExpiry", linkExpiry.toString());
        return Payloads.parse(tree);
    }

    private static ObjectNode tree(String recordingId, String status) {
        ObjectNode tree = Payloads.uploadedTree();
        Payloads.recording(tree).put("id", recordingId).put("recordingId", recordingId).put("status", status);
        return tree;
    }
}
