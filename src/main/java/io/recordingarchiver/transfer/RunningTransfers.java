package io.recordingarchiver.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfers running in this process, by recording id: each transfer {@link #begin}s, reports
 * the bytes it reads with {@link #counted} (progress is logged at most once per {@code logInterval}:
 * bytes, percent, rate, ETA) and {@link #end}s; {@link #track} does the same for one stream.
 * The status API shows the running transfer of a recording while it lasts.
 */
public class RunningTransfers {

    private static final Logger LOG = LoggerFactory.getLogger("archiver.progress");

    private final Map<String, TransferProgress> running = new ConcurrentHashMap<>();
    private final Duration logInterval;
    private final Clock clock;

    public RunningTransfers(Duration logInterval) {
        this(logInterval, Clock.systemUTC());
    }

    RunningTransfers(Duration logInterval, Clock clock) {
        this.logInterval = logInterval;
        this.clock = clock;
    }

    /** The running transfer of the recording, or null. */
    public TransferProgress of(String recordingId) {
        return recordingId == null ? null : running.get(recordingId);
    }

    /** Wraps the source of one file; closing the returned stream ends the transfer's tracking. */
    InputStream track(InputStream source, String recordingId, String key, Long expectedBytes) {
        if (recordingId == null) {
            return source;
        }
        TransferProgress progress = new TransferProgress(recordingId, key, expectedBytes, clock);
        running.put(recordingId, progress);
        return new FilterInputStream(source) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    counted(progress, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    counted(progress, n);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                running.remove(recordingId, progress);
                super.close();
            }
        };
    }

    /** A transfer of one file starts (null recording id: not tracked, a null progress is returned). */
    public TransferProgress begin(String recordingId, String key, Long expectedBytes) {
        if (recordingId == null) {
            return null;
        }
        TransferProgress progress = new TransferProgress(recordingId, key, expectedBytes, clock);
        running.put(recordingId, progress);
        return progress;
    }

    /** The transfer ended (whichever way). */
    public void end(TransferProgress progress) {
        if (progress != null) {
            running.remove(progress.recordingId(), progress);
        }
    }

    /** {@code n} more bytes of the transfer were read. */
    public void counted(TransferProgress progress, int n) {
        if (progress == null) {
            return;
        }
        progress.add(n);
        if (progress.dueForLog(logInterval)) {
            LOG.info("Transferring {}", progress.describe());
        }
    }
}
