package io.recordingarchiver.transfer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Content-Range} header of a 206 answer: {@code bytes first-last/total}, the total
 * {@code *} when the source does not know it (RFC 9110, section 14.4).
 *
 * @param first the first byte sent (inclusive)
 * @param last  the last byte sent (inclusive)
 * @param total the size of the whole representation, or null when the source gave {@code *}
 */
public record ContentRange(long first, long last, Long total) {

    private static final Pattern RANGE = Pattern.compile("\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*");

    /** The header parsed, or null when it is absent or not a satisfied byte range. */
    public static ContentRange parse(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header);
        if (!m.matches()) {
            return null;
        }
        try {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            Long total = m.group(3).equals("*") ? null : Long.valueOf(m.group(3));
            return last < first ? null : new ContentRange(first, last, total);
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    /** Bytes in the range. */
    public long length() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return "bytes " + first + "-" + last + "/" + (total == null ? "*" : total);
    }
}
