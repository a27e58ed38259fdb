package io.recordingarchiver.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A recording file the stand-in serves. Its bytes are generated from a seed whenever they are read
 * and are never stored, so a 1 GiB file costs no memory.
 */
public final class RecordingFile {

    private final String name;
    private final long size;
    private final long seed;
    private String sha256Hex;
    private String md5Hex;

    RecordingFile(String name, long size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        this.name = name;
        this.size = size;
        this.seed = seed;
    }

    /** The file name, as used in its URL path. */
    public String name() {
        return name;
    }

    /** The size in bytes. */
    public long size() {
        return size;
    }

    /** The lower-case hex SHA-256 of the whole content; computed by streaming once, then cached. */
    public synchronized String sha256Hex() {
        if (sha256Hex == null) {
            sha256Hex = digestContent("SHA-256");
        }
        return sha256Hex;
    }

    /** The lower-case hex MD5 of the whole content (what S3 gives as a single-part object's ETag); cached. */
    public synchronized String md5Hex() {
        if (md5Hex == null) {
            md5Hex = digestContent("MD5");
        }
        return md5Hex;
    }

    /** A fresh stream over the whole content, for assertions; {@code skip} is cheap. */
    public InputStream openStream() {
        return openSlice(0, size);
    }

    /** A stream over {@code length} bytes starting at {@code offset}. */
    InputStream openSlice(long offset, long length) {
        return new GeneratedContentStream(seed, offset, offset + length);
    }

    private String digestContent(String algorithm) {
        try (InputStream in = openStream()) {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[GeneratedContentStream.BLOCK_SIZE];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every JDK", e);
        }
    }
}
