package io.recordingarchiver.transfer;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The digests a download source names for the whole file, so the archive is checked against the
 * source's copy and not only against itself. Read from the answer's headers:
 * <ul>
 * <li>{@code ETag} when it is the plain MD5 of a single-part S3 object: 32 hex digits, no {@code -}
 *     (an S3 multipart ETag ends in {@code -N}; a weak {@code W/} tag is no digest); S3 keeps it
 *     on ranged answers, so it is read from any answer;</li>
 * <li>{@code Content-MD5} (RFC 1864, base64) and {@code x-amz-checksum-sha256 / -crc32 / -crc32c}
 *     (base64, S3 GetObject with checksum mode), only from an answer that carries the whole file:
 *     on a partial answer they would describe the part, and S3 leaves composite (multipart)
 *     checksums, marked by {@code -N} or {@code x-amz-checksum-type: COMPOSITE}, out.</li>
 * </ul>
 * Values are kept as lower-case hex; the names are {@code md5} (the ETag's), {@code content-md5},
 * {@code sha256}, {@code crc32}, {@code crc32c}.
 */
public final class SourceDigests {

    private static final Pattern PLAIN_MD5_ETAG = Pattern.compile("\"?[0-9a-fA-F]{32}\"?");

    /** algorithm name -> (hex value, the header it came from) */
    private final Map<String, String[]> named = new LinkedHashMap<>();

    /** No digest named. */
    public static SourceDigests none() {
        return new SourceDigests();
    }

    /**
     * The digests an answer names.
     *
     * @param header     the answer's header by name (case-insensitive), null when absent
     * @param wholeFile  whether the answer's body is the whole file (a 200, or a 206 from 0 to the end)
     */
    public static SourceDigests of(Function<String, String> header, boolean wholeFile) {
        SourceDigests d = new SourceDigests();
        String etag = header.apply("ETag");
        if (etag != null && PLAIN_MD5_ETAG.matcher(etag.trim()).matches()) {
            d.named.put("md5", new String[] {etag.trim().replace("\"", "").toLowerCase(Locale.ROOT), "ETag"});
        }
        if (!wholeFile) {
            return d;
        }
        boolean composite = "COMPOSITE".equalsIgnoreCase(String.valueOf(header.apply("x-amz-checksum-type")));
        d.putBase64("content-md5", header.apply("Content-MD5"), "Content-MD5");
        if (!composite) {
            d.putBase64("sha256", header.apply("x-amz-checksum-sha256"), "x-amz-checksum-sha256");
            d.putBase64("crc32", header.apply("x-amz-checksum-crc32"), "x-amz-checksum-crc32");
            d.putBase64("crc32c", header.apply("x-amz-checksum-crc32c"), "x-amz-checksum-crc32c");
        }
        return d;
    }

    private void putBase64(String algorithm, String value, String headerName) {
        if (value == null || value.isBlank() || value.contains("-")) {
            return;
        }
        try {
            named.put(algorithm, new String[] {HexFormat.of().formatHex(Base64.getDecoder().decode(value.trim())),
                    headerName});
        } catch (IllegalArgumentException notBase64) {
            // a header that is no digest names nothing
        }
    }

    /** The hex value named for {@code algorithm}, or null. */
    public String value(String algorithm) {
        String[] v = named.get(algorithm);
        return v == null ? null : v[0];
    }

    /** The header the value of {@code algorithm} came from, or null. */
    public String header(String algorithm) {
        String[] v = named.get(algorithm);
        return v == null ? null : v[1];
    }

    public boolean names(String algorithm) {
        return named.containsKey(algorithm);
    }

    /** Whether an MD5 of the whole file is named (by the ETag or Content-MD5). */
    public boolean namesMd5() {
        return names("md5") || names("content-md5");
    }

    public boolean isEmpty() {
        return named.isEmpty();
    }

    /**
     * These digests together with another answer's of the same file. Two answers naming different
     * values for one algorithm mean the file changed between them.
     *
     * @throws IllegalStateException naming the header that changed
     */
    public SourceDigests with(SourceDigests other) {
        SourceDigests all = new SourceDigests();
        all.named.putAll(named);
        other.named.forEach((algorithm, v) -> {
            String[] mine = all.named.putIfAbsent(algorithm, v);
            if (mine != null && !mine[0].equals(v[0])) {
                throw new IllegalStateException("the source's " + v[1] + " changed from " + mine[0] + " to " + v[0]
                        + " between two requests");
            }
        });
        return all;
    }
}
