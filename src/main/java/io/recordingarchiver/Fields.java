package io.recordingarchiver;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads and checks single values of RealtimeKit payloads. A value that breaks the contract is a
 * 400 {@link IntakeRejection} naming the field, never quoting the value.
 */
final class Fields {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
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

    /** A UUID in lower case; null when absent or blank; a rejection when anything else. */
    static String uuid(JsonNode node, String field) {
        if (isAbsent(node)) {
            return null;
        }
        String text = text(node);
        if (text == null || !UUID.matcher(text.trim()).matches()) {
            throw invalid(field + " is not a UUID");
        }
        return text.trim().toLowerCase(Locale.ROOT);
    }

    /** A non-negative whole number given as a JSON number or a string of digits; null when absent. */
    static Long wholeNumber(JsonNode node, String field) {
        if (isAbsent(node)) {
            return null;
        }
        BigInteger value;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else if (node.isTextual() && DIGITS.matcher(node.textValue().trim()).matches()) {
            value = new BigInteger(node.textValue().trim());
        } else {
            throw invalid(field + " is not a non-negative whole number");
        }
        if (value.signum() < 0 || value.compareTo(MAX_LONG) > 0) {
            throw invalid(field + " is not a non-negative whole number");
        }
        return value.longValue();
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

    /** A timestamp in either accepted form, or null when absent or unparseable. */
    static Instant timestamp(JsonNode node) {
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

    /** Parses {@code 2026-06-10T10:30:00.000Z}, offsets, and {@code 2023-04-21 04:46:55.608944Z}. */
    static Instant parseTimestamp(String text) {
        if (text == null) {
            return null;
        }
        String iso = SPACE_FORM.matcher(text.trim()).replaceFirst("$1T$2");
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
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
