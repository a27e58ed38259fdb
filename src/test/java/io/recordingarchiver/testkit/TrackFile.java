package io.recordingarchiver.testkit;

/**
 * One per-participant file of a track recording: the layer it belongs to (RealtimeKit's
 * {@code layer_name}), the file served for it, and the name it is published under (the key in
 * {@code download_urls}; the served file's name unless a test wants an odd one). Track recordings
 * publish these instead of one {@code download_url} string (REALTIMEKIT.md, "Recordings REST API").
 */
public record TrackFile(String layerName, RecordingFile file, String publishedName) {

    /** A track published under its file's own name. */
    public TrackFile(String layerName, RecordingFile file) {
        this(layerName, file, file.name());
    }
}
