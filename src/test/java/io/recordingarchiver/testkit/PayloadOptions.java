package io.recordingarchiver.testkit;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Variants of a {@code recording.statusUpdate} body, all seen in RealtimeKit's sources. Start from
 * {@link #defaults()} (fileSize as a string of the video's size, ISO-8601 millisecond timestamps,
 * links valid for an hour, no stopReason, no unknown fields) and chain the changes.
 */
public final class PayloadOptions {

    /** How {@code recording.stopReason} is written, if at all. */
    enum StopReasonForm { ABSENT, OBJECT, DICT_STRING }

    private boolean fileSizeAsNumber;
    private Long fileSize;
    private TimestampStyle timestampStyle = TimestampStyle.ISO_MILLIS;
    private Instant linkExpiry;
    private boolean withoutDownloadLink;
    private StopReasonForm stopReasonForm = StopReasonForm.ABSENT;
    private boolean unknownFields;

    private PayloadOptions() {
    }

    /** The options of a plain payload. */
    public static PayloadOptions defaults() {
        return new PayloadOptions();
    }

    /** Writes {@code fileSize} as a JSON number instead of a string. */
    public PayloadOptions fileSizeAsNumber() {
        fileSizeAsNumber = true;
        return this;
    }

    /** Reports this {@code fileSize} instead of the video's real size (to provoke a size mismatch). */
    public PayloadOptions fileSize(long value) {
        fileSize = value;
        return this;
    }

    /** Writes every timestamp in {@code style}. */
    public PayloadOptions timestamps(TimestampStyle style) {
        timestampStyle = style;
        return this;
    }

    /** Shorthand for {@code timestamps(TimestampStyle.LEGACY_MICROS)}: {@code 2023-04-21 04:46:55.608944Z}. */
    public PayloadOptions legacyTimestamps() {
        return timestamps(TimestampStyle.LEGACY_MICROS);
    }

    /** Presigns the download links until {@code expiry} (a past instant gives links that answer 403). */
    public PayloadOptions linkExpiry(Instant expiry) {
        linkExpiry = expiry;
        return this;
    }

    /** An UPLOADED without downloadUrl, audioDownloadUrl and downloadUrlExpiry (RealtimeKit's bucket disabled). */
    public PayloadOptions noDownloadLink() {
        withoutDownloadLink = true;
        return this;
    }

    /** Adds {@code stopReason} as a JSON object. */
    public PayloadOptions stopReasonObject() {
        stopReasonForm = StopReasonForm.OBJECT;
        return this;
    }

    /** Adds {@code stopReason} as a string that looks like a Python dict. */
    public PayloadOptions stopReasonDictString() {
        stopReasonForm = StopReasonForm.DICT_STRING;
        return this;
    }

    /** Adds fields no consumer knows, at the top level and inside {@code meeting} and {@code recording}. */
    public PayloadOptions unknownFields() {
        unknownFields = true;
        return this;
    }

    boolean isFileSizeAsNumber() {
        return fileSizeAsNumber;
    }

    OptionalLong fileSizeOverride() {
        return fileSize == null ? OptionalLong.empty() : OptionalLong.of(fileSize);
    }

    TimestampStyle timestampStyle() {
        return timestampStyle;
    }

    Optional<Instant> linkExpiry() {
        return Optional.ofNullable(linkExpiry);
    }

    boolean isWithoutDownloadLink() {
        return withoutDownloadLink;
    }

    StopReasonForm stopReasonForm() {
        return stopReasonForm;
    }

    boolean hasUnknownFields() {
        return unknownFields;
    }
}
