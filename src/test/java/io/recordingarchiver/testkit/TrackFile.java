package io.recordingarchiver.testkit;

/**
 * One per-participant file of a track recording: the layer it belongs to (RealtimeKit's
 * {@code layer_name}) and the file served for it. Track recordings publish these instead of one
 * {@code download_url} string (REALTIMEKIT.md, "Recordings REST API").
 */
public record TrackFile(String layerName, RecordingFile file) {
}
