package io.recordingarchiver.testkit;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** Faults injected into the serving of one file; each one-shot fault is consumed by the GET it hits. */
final class FileFaults {

    private int pendingFailures;
    private int failureStatus;
    private long cutAfterBytes = -1;
    private volatile boolean ignoreRange;
    private volatile long bytesPerSecond;

    synchronized void failNext(int count, int status) {
        pendingFailures = count;
        failureStatus = status;
    }

    /** The status the current GET must fail with, if a failure is pending; consumes it. */
    synchronized OptionalInt takeFailure() {
        if (pendingFailures <= 0) {
            return OptionalInt.empty();
        }
        pendingFailures--;
        return OptionalInt.of(failureStatus);
    }

    synchronized void cutNextAfter(long bytes) {
        cutAfterBytes = bytes;
    }

    /** How many body bytes the current GET may send before the connection drops, if a cut is pending; consumes it. */
    synchronized OptionalLong takeCut() {
        if (cutAfterBytes < 0) {
            return OptionalLong.empty();
        }
        long bytes = cutAfterBytes;
        cutAfterBytes = -1;
        return OptionalLong.of(bytes);
    }

    void ignoreRange(boolean ignore) {
        ignoreRange = ignore;
    }

    boolean ignoresRange() {
        return ignoreRange;
    }

    /** Each GET of the file sends at most {@code rate} body bytes per second; 0 for no limit. */
    void throttle(long rate) {
        bytesPerSecond = rate;
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }
}
