package io.recordingarchiver.testkit;

import java.time.Instant;

/** The presigned links of one recording; {@code audioUrl} is null without an audio-only file. */
record DownloadLinks(String videoUrl, String audioUrl, Instant expiry) {

    static DownloadLinks issue(PresignedLinks links, StandInRecording recording, Instant expiry) {
        RecordingFile audio = recording.audio();
        return new DownloadLinks(
                links.issue(recording.video().name(), expiry),
                audio == null ? null : links.issue(audio.name(), expiry),
                expiry);
    }
}
