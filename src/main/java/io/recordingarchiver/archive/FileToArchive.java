package io.recordingarchiver.archive;

import java.util.Map;
import io.recordingarchiver.Redaction;

/**
 * One file of a recording to fetch and store: where it comes from (a presigned URL, a credential:
 * {@link #toString()} leaves its query out), the key it goes to, the size RealtimeKit announced
 * (null when unknown) and the object's metadata and content type.
 */
public record FileToArchive(String url, String key, Long expectedSize, Map<String, String> metadata,
        String contentType, String sourceFileName) {

    @Override
    public String toString() {
        return "FileToArchive[" + Redaction.url(url) + " -> " + key + "]";
    }
}
