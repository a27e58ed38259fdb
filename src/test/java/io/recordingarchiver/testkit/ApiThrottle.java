package io.recordingarchiver.testkit;

import java.util.OptionalInt;

/** Injected rate limiting: the next n API calls are answered 429 with a {@code retry-after}. */
final class ApiThrottle {

    private int pendingCalls;
    private int retryAfterSeconds;

    synchronized void throttleNext(int calls, int retryAfterSeconds) {
        this.pendingCalls = calls;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The {@code retry-after} seconds if the current call must be throttled; consumes one. */
    synchronized OptionalInt take() {
        if (pendingCalls <= 0) {
            return OptionalInt.empty();
        }
        pendingCalls--;
        return OptionalInt.of(retryAfterSeconds);
    }
}
