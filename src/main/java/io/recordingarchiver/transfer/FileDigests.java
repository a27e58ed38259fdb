package io.recordingarchiver.transfer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

import io.recordingarchiver.archive.ArchiveFailure;

/**
 * The digests computed over the bytes of one file, in order, in one pass: always SHA-256, and
 * MD5 / CRC32 / CRC32C only when the source names one to check against ({@link SourceDigests}).
 * {@link #copy()} keeps the state at a part boundary, so a transfer resumed in this process goes on
 * hashing from there instead of reading the stored bytes back.
 */
final class FileDigests {

    private final MessageDigest sha256;
    private final MessageDigest md5;
    private final Checksum crc32;
    private final Checksum crc32c;
    private long bytes;

    /** Digests for a file whose source names {@code wanted} (null: SHA-256 only). */
    FileDigests(SourceDigests wanted) {
        this(digest("SHA-256"), wanted != null && wanted.namesMd5() ? digest("MD5") : null,
                wanted != null && wanted.names("crc32") ? new CRC32() : null,
                wanted != null && wanted.names("crc32c") ? new CRC32C() : null, 0);
    }

    private FileDigests(MessageDigest sha256, MessageDigest md5, Checksum crc32, Checksum crc32c, long bytes) {
        this.sha256 = sha256;
        this.md5 = md5;
        this.crc32 = crc32;
        this.crc32c = crc32c;
        this.bytes = bytes;
    }

    void update(byte[] buffer, int offset, int length) {
        sha256.update(buffer, offset, length);
        if (md5 != null) {
            md5.update(buffer, offset, length);
        }
        if (crc32 != null) {
            crc32.update(buffer, offset, length);
        }
        if (crc32c != null) {
            crc32c.update(buffer, offset, length);
        }
        bytes += length;
    }

    /** Bytes hashed so far. */
    long bytes() {
        return bytes;
    }

    /** Whether these digests can check everything {@code named} names. */
    boolean covers(SourceDigests named) {
        return (!named.namesMd5() || md5 != null) && (!named.names("crc32") || crc32 != null)
                && (!named.names("crc32c") || crc32c != null);
    }

    /**
     * The state now, to go on from later. CRCs cannot be copied and are left out: they are named only
     * by answers carrying the whole file, which a resumed transfer never gets (a full answer restarts it).
     */
    FileDigests copy() {
        try {
            return new FileDigests((MessageDigest) sha256.clone(), md5 == null ? null : (MessageDigest) md5.clone(),
                    null, null, bytes);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's digests are cloneable", e);
        }
    }

    /** Hex SHA-256 of the bytes hashed (ends this digest). */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * Checks the bytes against every digest the source named; call before {@link #sha256Hex()}.
     *
     * @throws ArchiveFailure {@code source-digest-mismatch} naming the header, its value and ours
     */
    void check(SourceDigests named, String key) {
        String md5Hex = md5 == null ? null : HexFormat.of().formatHex(md5.digest());
        compare(named, "md5", md5Hex, key);
        compare(named, "content-md5", md5Hex, key);
        compare(named, "crc32", crc32 == null ? null : hex32(crc32.getValue()), key);
        compare(named, "crc32c", crc32c == null ? null : hex32(crc32c.getValue()), key);
        if (named.names("sha256")) {
            compare(named, "sha256", HexFormat.of().formatHex(((MessageDigest) cloned(sha256)).digest()), key);
        }
    }

    private static void compare(SourceDigests named, String algorithm, String ours, String key) {
        String theirs = named.value(algorithm);
        if (theirs != null && ours != null && !theirs.equals(ours)) {
            throw new ArchiveFailure("source-digest-mismatch", "the " + bytesOf(algorithm) + " of the bytes received for "
                    + key + " is " + ours + " but the source's " + named.header(algorithm) + " says " + theirs);
        }
    }

    private static String bytesOf(String algorithm) {
        return algorithm.equals("content-md5") ? "MD5" : algorithm.toUpperCase(java.util.Locale.ROOT);
    }

    private static String hex32(long value) {
        return String.format("%08x", value);
    }

    private static Object cloned(MessageDigest d) {
        try {
            return d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JDK", e);
        }
    }
}
