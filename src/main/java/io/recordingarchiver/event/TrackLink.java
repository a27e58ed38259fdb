package io.recordingarchiver.event;

import java.util.Objects;

/**
 * One file of a track recording (per-participant files), as RealtimeKit lists it in the array form
 * of {@code download_url} (REST) or {@code recording.downloadUrl} (webhook):
 * {@code [{"layer_name": "...", "download_urls": {"<file name>": {"download_url": "<presigned URL>"}}}]}
 * (shared/REALTIMEKIT.md, "Recordings REST API", from the RealtimeKit details API and webhook docs).
 *
 * @param layerName the layer the file belongs to, or null when none was given
 * @param fileName  the file name exactly as sent (a key in {@code download_urls}): never use it
 *                  in a key unsanitised
 * @param url       the presigned http(s) URL: a credential, {@link #toString()} leaves it out
 */
public record TrackLink(String layerName, String fileName, String url) {

    /** Checks that the file name and URL are set. */
    public TrackLink {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(url, "url");
    }

    @Override
    public String toString() {
        return "TrackLink[" + layerName + "/" + fileName + "]";
    }
}
