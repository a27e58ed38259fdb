package io.recordingarchiver.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The RealtimeKit REST API answered 429: transient, and the next attempt must wait at least the
 * {@code retry-after} it asked for ({@link RetryAfterDelay} makes the redelivery honour it).
 */
public class ApiThrottled extends ArchiveFailure.Transient {

    /** Longest wait accepted from a {@code retry-after}, so a wild value cannot park a worker for days. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

    private final Duration retryAfter;

    /**
     * @param retryAfterHeader the {@code retry-after} header as sent: seconds or an HTTP date; null or
     *                         unreadable means no wait was asked for
     */
    public ApiThrottled(String reason, String message, String retryAfterHeader) {
        this(reason, message, retryAfterHeader, Clock.systemUTC());
    }

    ApiThrottled(String reason, String message, String retryAfterHeader, Clock clock) {
        super(reason, message);
        this.retryAfter = parse(retryAfterHeader, clock);
    }

    /** The wait RealtimeKit asked for (at most {@link #LONGEST_WAIT}), or null when it named none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    private static Duration parse(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }
}
