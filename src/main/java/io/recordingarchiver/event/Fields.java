package io.recordingarchiver.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks single values of RealtimeKit payloads, leniently where the meaning is clear
 * (issue 10): a whole number written as a float is a whole number, a timestamp without a zone is
 * UTC, {@code +0000} is an offset, an epoch number is a time, an id is any non-blank string.
 * A value that still cannot be read is a 400 {@link IntakeRejection} naming the field, never
 * quoting the value; for a signed delivery the intake keeps it as held with that reason.
 */
final class Fields {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A plain or scientific decimal number, as {@code 262144}, {@code 262144.0} or {@code 2.62144E5}. */
    private static final Pattern DECIMAL = Pattern.compile("[+]?[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]{1,4})?");
    /** An epoch number: seconds or milliseconds, optionally with a fraction. */
    private static final Pattern EPOCH = Pattern.compile("[0-9]{1,15}(\\.[0-9]+)?");
    /** A time of day followed by a compact offset: {@code +0000}, {@code -0530}, {@code +00}. */
    private static final Pattern COMPACT_OFFSET = Pattern.compile(
            "(T\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?)([+-])(\\d{2})(\\d{2})?$");
    /** Epoch values below this are seconds, from it on milliseconds (10^11 s is the year 5138, 10^11 ms 1973). */
    private static final BigDecimal MILLIS_FROM = new BigDecimal("100000000000");
    /** The older form: a space instead of the {@code T}, as in {@code 2023-04-21 04:46:55.608944Z}. */
    private static final Pattern SPACE_FORM = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:)");
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private Fields() {
    }

    /** The text of a string node, or null for anything else. */
    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** The text of a string node that is not blank, or null for anything else. */
    static String nonBlankText(JsonNode node) {
        String text = text(node);
        return text == null || text.isBlank() ? null : text;
    }

    /** True when the node is absent, JSON null, or a blank string. */
    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull()
                || (node.isTextual() && node.textValue().isBlank());
    }

    /** True when the node is absent, JSON null, or a blank string: a fallback field is read only then. */
    static boolean missing(JsonNode node) {
        return isAbsent(node);
    }

    /**
     * An id as sent, trimmed: a non-blank string, or a whole JSON number as its digits; a UUID is
     * lower-cased (RealtimeKit's ids are case-insensitive UUIDs in every example). Null when absent,
     * blank, or of another JSON type (an object, an array, a boolean). Not checked for being a
     * UUID: an id is checked only where it becomes part of an object key ({@link ArchiveKeys#unusableId}).
     */
    static String id(JsonNode node) {
        if (isAbsent(node)) {
            return null;
        }
        String text;
        if (node.isTextual()) {
            text = node.textValue().trim();
        } else if (node.isIntegralNumber()) {
            text = node.bigIntegerValue().toString();
        } else {
            return null;
        }
        return UUID.matcher(text).matches() ? text.toLowerCase(Locale.ROOT) : text;
    }

    /**
     * A non-negative whole number given as a JSON number or a string: {@code 262144},
     * {@code 262144.0}, {@code "262144.0"} and {@code 2.62144E5} are all 262144; null when absent.
     *
     * @throws IntakeRejection 400 for a fraction, a negative number, a number beyond a long, or
     *     anything that is not a number
     */
    static Long wholeNumber(JsonNode node, String field) {
        if (isAbsent(node)) {
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual() && DECIMAL.matcher(node.textValue().trim()).matches()) {
            value = new BigDecimal(node.textValue().trim());
        } else {
            throw invalid(field + " is not a non-negative whole number");
        }
        BigInteger whole;
        try {
            whole = value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw invalid(field + " is not a non-negative whole number");
        }
        if (whole.signum() < 0 || whole.compareTo(MAX_LONG) > 0) {
            throw invalid(field + " is not a non-negative whole number");
        }
        return whole.longValue();
    }

    /**
     * A number of seconds from a JSON number or numeric string, fractions dropped; null when
     * absent, negative or unreadable (it is informative only).
     */
    static Long seconds(JsonNode node) {
        if (node == null || !(node.isNumber() || node.isTextual())) {
            return null;
        }
        try {
            double value = node.isNumber() ? node.doubleValue() : Double.parseDouble(node.textValue().trim());
            return value >= 0 && value <= Long.MAX_VALUE ? (long) value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A timestamp in any accepted form ({@link #parseTimestamp}, or an epoch JSON number), or null when absent or unparseable. */
    static Instant timestamp(JsonNode node) {
        if (node != null && node.isNumber()) {
            return epoch(node.decimalValue());
        }
        return parseTimestamp(nonBlankText(node));
    }

    /** A timestamp in either accepted form; null when absent; a rejection when unparseable. */
    static Instant strictTimestamp(JsonNode node, String field) {
        if (isAbsent(node)) {
            return null;
        }
        Instant instant = timestamp(node);
        if (instant == null) {
            throw invalid(field + " is not a timestamp");
        }
        return instant;
    }

    /**
     * An absolute http(s) URL; null when absent or not a string (track recordings carry an array
     * of links, which is no single link); a rejection for any other string.
     */
    static String httpUrl(JsonNode node, String field) {
        String text = nonBlankText(node);
        if (text == null) {
            return null;
        }
        String url = text.trim();
        if (!isHttpUrl(url)) {
            throw invalid(field + " is not an http(s) URL");
        }
        return url;
    }

    /**
     * Parses {@code 2026-06-10T10:30:00.000Z}, offsets ({@code +02:00}, and the compact
     * {@code +0000} / {@code +00}), the older form with a space ({@code 2023-04-21 04:46:55.608944Z}),
     * a timestamp without a zone (UTC: {@code 2026-12-01T01:40:23.517601}), and an epoch number as
     * text (below 10^11 seconds, from 10^11 on milliseconds). Null when none of these.
     */
    static Instant parseTimestamp(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        if (EPOCH.matcher(trimmed).matches()) {
            return epoch(new BigDecimal(trimmed));
        }
        String iso = SPACE_FORM.matcher(trimmed).replaceFirst("$1T$2");
        Matcher compact = COMPACT_OFFSET.matcher(iso);
        if (compact.find()) {
            iso = iso.substring(0, compact.start()) + compact.group(1) + compact.group(2) + compact.group(3) + ":"
                    + (compact.group(4) == null ? "00" : compact.group(4));
        }
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            // no zone at all: UTC
        }
        try {
            return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An epoch time: seconds below 10^11, milliseconds from it on; null when negative or out of range. */
    private static Instant epoch(BigDecimal value) {
        if (value.signum() < 0) {
            return null;
        }
        BigDecimal millis = value.compareTo(MILLIS_FROM) < 0 ? value.movePointRight(3) : value;
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return null;
        }
        return Instant.ofEpochMilli(millis.longValue());
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return uri.isAbsolute()
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static IntakeRejection invalid(String reason) {
        return new IntakeRejection(400, reason);
    }
}
