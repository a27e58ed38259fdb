package io.recordingarchiver.testkit;

/**
 * How the stand-in's list call counts {@code page_no}. Cloudflare's published schema
 * (cloudflare-typescript {@code src/resources/realtime-kit/recordings.ts},
 * {@code RecordingGetRecordingsParams.page_no}) does not say; the API reference gives it a minimum of 0.
 */
public enum PageNumbering {
    /** {@code page_no=0} is the first page. */
    FROM_ZERO,
    /** {@code page_no=1} is the first page; {@code page_no=0} answers an empty page. */
    FROM_ONE
}
