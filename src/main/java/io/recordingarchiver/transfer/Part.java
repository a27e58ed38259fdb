package io.recordingarchiver.transfer;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One part of a file in the {@link PartPipeline}: its number (from 1), its buffer, the bytes in it,
 * and the two jobs (hash, store) left before the buffer goes back to the budget.
 */
final class Part {

    final int number;
    final byte[] buffer;
    int length;
    private final AtomicInteger jobsLeft = new AtomicInteger(2);
    private final Runnable release;

    Part(int number, byte[] buffer, Runnable release) {
        this.number = number;
        this.buffer = buffer;
        this.release = release;
    }

    /** One of the two jobs is done; after the second the buffer is released. */
    void jobDone() {
        if (jobsLeft.decrementAndGet() == 0) {
            release.run();
        }
    }
}
