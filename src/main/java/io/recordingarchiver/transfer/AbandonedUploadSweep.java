package io.recordingarchiver.transfer;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Aborts unfinished multipart uploads that no transfer can resume: an unfinished upload is
 * invisible but still costs storage.
 */
public final class AbandonedUploadSweep {

    /** Uploads no journal knows are left alone this long: another instance may be about to note its own down. */
    static final Duration GRACE = Duration.ofMinutes(10);
    /** Uploads older than this are aborted whatever the journal says: RealtimeKit deleted their source after 7 days. */
    static final Duration MAX_AGE = Duration.ofDays(8);

    private static final Logger LOG = LoggerFactory.getLogger(AbandonedUploadSweep.class);

    private final ObjectWriter writer;
    private final TransferJournal journal;

    AbandonedUploadSweep(ObjectWriter writer, TransferJournal journal) {
        this.writer = writer;
        this.journal = journal;
    }

    /**
     * Sweeps under {@code prefix} with the standard grace and age. An empty prefix (a key template
     * that starts with a placeholder) sweeps nothing: the bucket may hold other applications' uploads.
     */
    int sweep(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return 0;
        }
        int aborted = sweep(prefix, GRACE, MAX_AGE);
        if (aborted > 0) {
            LOG.info("Aborted {} unfinished multipart uploads under '{}' that no transfer can resume", aborted, prefix);
        }
        return aborted;
    }

    /**
     * Aborts the uploads under {@code prefix} the journal does not know (left by a crash between
     * starting an upload and noting it down; only once older than {@code grace}), the journaled ones
     * of recordings ARCHIVED already (once older than {@code grace}), and those started longer than
     * {@code maxAge} ago (their source is deleted by then).
     *
     * @return how many uploads were aborted
     */
    int sweep(String prefix, Duration grace, Duration maxAge) {
        int aborted = 0;
        for (TransferJournal.Entry old : journal.startedBefore(System.currentTimeMillis() - maxAge.toMillis())) {
            writer.abortQuietly(old.key(), old.uploadId());
            journal.finished(old.key());
            aborted++;
        }
        // a journaled upload of an ARCHIVED recording: left by a worker that lost its claim; aborted after
        // the grace (that worker stops at its next part, and must not meet a vanished upload before)
        for (TransferJournal.Entry left : journal.ofArchivedRecordings(System.currentTimeMillis() - grace.toMillis())) {
            LOG.info("Aborting the unfinished upload of {}: its recording is ARCHIVED (another worker's upload"
                    + " completed it)", left.key());
            writer.abortQuietly(left.key(), left.uploadId());
            journal.finished(left.key());
            aborted++;
        }
        Set<String> known = journal.uploadIds();
        Instant cutoff = Instant.now().minus(grace);
        for (MultipartUpload upload : writer.client()
                .listMultipartUploadsPaginator(b -> b.bucket(writer.bucket()).prefix(prefix)).uploads()) {
            if (!known.contains(upload.uploadId()) && upload.initiated().isBefore(cutoff)) {
                writer.abortQuietly(upload.key(), upload.uploadId());
                aborted++;
            }
        }
        return aborted;
    }
}
