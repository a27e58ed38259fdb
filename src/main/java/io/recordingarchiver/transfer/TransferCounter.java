package io.recordingarchiver.transfer;

import java.io.IOException;
import java.io.InputStream;


/** Counts the bytes one transfer reads from its source into {@link RunningTransfers} (status API, progress log). */
final class TransferCounter implements AutoCloseable {

    private final RunningTransfers running;
    private final TransferProgress progress;

    TransferCounter(RunningTransfers running, TransferProgress progress) {
        this.running = running;
        this.progress = progress;
    }

    /**
     * Reads up to {@code length} bytes into the start of {@code buffer}, fewer only at the end of
     * the stream; returns how many.
     */
    int readFully(InputStream in, byte[] buffer, int length) throws IOException {
        int filled = 0;
        while (filled < length) {
            int n = in.read(buffer, filled, length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
            running.counted(progress, n);
        }
        return filled;
    }

    @Override
    public void close() {
        running.end(progress);
    }
}
