package io.recordingarchiver.transfer;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far one running transfer has come: bytes so far against the size RealtimeKit announced, with
 * the rate since the start and the time left at that rate. Updated by the transfer's thread, read
 * by the status API and the progress log.
 */
public final class TransferProgress {

    private final String recordingId;
    private final String key;
    private final Long expectedBytes;
    private final Clock clock;
    private final long startedAt;
    private final AtomicLong bytes = new AtomicLong();
    private volatile long lastLoggedAt;

    TransferProgress(String recordingId, String key, Long expectedBytes, Clock clock) {
        this.recordingId = recordingId;
        this.key = key;
        this.expectedBytes = expectedBytes;
        this.clock = clock;
        this.startedAt = clock.millis();
        this.lastLoggedAt = startedAt;
    }

    void add(long count) {
        bytes.addAndGet(count);
    }

    public String recordingId() {
        return recordingId;
    }

    /** The object key being written. */
    public String key() {
        return key;
    }

    public long bytes() {
        return bytes.get();
    }

    /** The announced size, or null when RealtimeKit gave none (audio files). */
    public Long expectedBytes() {
        return expectedBytes;
    }

    /** Percent done (0 to 100, one decimal), or null when the size is unknown. */
    public Double percent() {
        if (expectedBytes == null || expectedBytes <= 0) {
            return null;
        }
        return Math.min(1000, bytes() * 1000 / expectedBytes) / 10.0;
    }

    /** Bytes per second since the start. */
    public long bytesPerSecond() {
        long elapsed = Math.max(1, clock.millis() - startedAt);
        return bytes() * 1000 / elapsed;
    }

    /** Time left at the current rate, or null when the size is unknown or nothing arrived yet. */
    public Duration eta() {
        long rate = bytesPerSecond();
        if (expectedBytes == null || rate == 0) {
            return null;
        }
        return Duration.ofSeconds(Math.max(0, expectedBytes - bytes()) / rate);
    }

    public long startedAt() {
        return startedAt;
    }

    /** True, once per interval, when it is time to log this transfer's progress again. */
    boolean dueForLog(Duration interval) {
        long now = clock.millis();
        if (now - lastLoggedAt < interval.toMillis()) {
            return false;
        }
        lastLoggedAt = now;
        return true;
    }

    /** One line for the log: bytes, percent, rate and ETA. */
    String describe() {
        Double percent = percent();
        Duration eta = eta();
        return "recording " + recordingId + ": " + bytes() + (expectedBytes == null ? "" : " of " + expectedBytes)
                + " bytes" + (percent == null ? "" : " (" + percent + " %)") + " at "
                + bytesPerSecond() / 1024 + " KiB/s" + (eta == null ? "" : ", about " + eta.toSeconds() + " s left");
    }
}
