package io.recordingarchiver.dispatch;

import java.util.Objects;

/**
 * One file stored in the archive.
 *
 * @param key            the object key
 * @param size           bytes stored
 * @param sha256         hex SHA-256 of the bytes stored
 * @param contentType    the content type it was stored with
 * @param sourceFileName the file name RealtimeKit gave it (sanitised)
 */
public record ArchivedFile(String key, long size, String sha256, String contentType, String sourceFileName) {

    /** Checks that the key is set and the size not negative. */
    public ArchivedFile {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }
}
