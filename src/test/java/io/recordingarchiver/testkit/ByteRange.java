package io.recordingarchiver.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a file one GET asks for, from its {@code Range} header: the whole file (no header, or
 * one this server does not understand, which HTTP says to ignore), a satisfiable single range, or
 * an unsatisfiable one.
 */
record ByteRange(Kind kind, long first, long last) {

    enum Kind { WHOLE, PARTIAL, UNSATISFIABLE }

    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    static ByteRange parse(String header, long size) {
        ByteRange whole = new ByteRange(Kind.WHOLE, 0, size - 1);
        Matcher m = header == null ? null : SINGLE_RANGE.matcher(header.trim());
        if (m == null || !m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return whole;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                return suffix == 0 || size == 0
                        ? unsatisfiable()
                        : new ByteRange(Kind.PARTIAL, Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            if (first >= size) {
                return unsatisfiable();
            }
            return last < first ? whole : new ByteRange(Kind.PARTIAL, first, Math.min(last, size - 1));
        } catch (NumberFormatException tooLong) {
            return whole;
        }
    }

    long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value of a 206 answer. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    private static ByteRange unsatisfiable() {
        return new ByteRange(Kind.UNSATISFIABLE, 0, -1);
    }
}
