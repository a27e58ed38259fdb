package io.recordingarchiver.testkit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The two timestamp spellings RealtimeKit has been seen to use. */
public enum TimestampStyle {

    /** Strict ISO-8601 with milliseconds: {@code 2026-06-10T10:30:00.000Z}. */
    ISO_MILLIS("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"),

    /** The older form with a space and microseconds: {@code 2023-04-21 04:46:55.608944Z}. */
    LEGACY_MICROS("yyyy-MM-dd HH:mm:ss.SSSSSS'Z'");

    private final DateTimeFormatter formatter;

    TimestampStyle(String pattern) {
        this.formatter = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }

    /** Formats {@code instant} in this style, in UTC. */
    public String format(Instant instant) {
        return formatter.format(instant);
    }
}
