package io.recordingarchiver.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import io.recordingarchiver.archive.ArchiveFailure;
import io.recordingarchiver.dispatch.ArchivedFile;
import io.recordingarchiver.archive.FileToArchive;
import io.recordingarchiver.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One file on its way from its presigned link into the bucket: the object that owns the transfer,
 * its resume point, its progress and its cleanup (in the manner of the AWS SDK v2 transfer
 * manager's {@code FileUpload}). {@link #run()} ends with the stored file, its size and SHA-256
 * computed over exactly the bytes stored and checked against every size and digest the source and
 * RealtimeKit named, or with an {@link ArchiveFailure}:
 * <ul>
 * <li>transient ({@code download-interrupted}, {@code download-unavailable}, {@code s3-unavailable}):
 *     the upload and its journal stay, the next attempt resumes with a Range request;</li>
 * <li>{@code out-of-resources}: the same, and the recording is never FAILED for it;</li>
 * <li>final ({@code size-mismatch}, {@code source-digest-mismatch}, {@code source-changed},
 *     {@code s3-rejected}, ...): the upload is aborted, nothing appears at the key.</li>
 * </ul>
 */
public final class FileTransfer {

    private static final Logger LOG = LoggerFactory.getLogger(FileTransfer.class);

    private final TransferManager manager;
    private final FileToArchive file;
    private final String key;

    FileTransfer(TransferManager manager, FileToArchive file) {
        this.manager = manager;
        this.file = file;
        this.key = file.key();
    }

    /** Transfers the file; see the class comment for the outcomes. */
    public ArchivedFile run() {
        TransferJournal journal = manager.journal();
        try (TransferCounter counter = manager.counter(file)) {
            ResumePoint resume = resumePoint(journal);
            try {
                return attempt(resume, manager.connectionsPerFile() > 1, counter);
            } catch (RestartFromZero restart) {
                LOG.info("Fetching {} again from its first byte: {}", key, restart.getMessage());
                return attempt(null, false, counter);
            }
        } catch (IOException e) {
            throw TransferFailures.interrupted(key, e);
        } catch (SdkException e) {
            throw S3Errors.classify(e, "storing " + key);
        } catch (OutOfMemoryError | RejectedExecutionException e) {
            throw TransferFailures.outOfResources(key, e);
        }
    }

    /**
     * Where the file's interrupted upload can go on, or null; an upload that cannot is aborted and
     * forgotten. Unfinished uploads of the key that the journal does not name are aborted too: a kill
     * between starting an upload and noting it down leaves one, and this process holds the recording's
     * claim, so no other transfer of the key can be under way (the sweep would abort it only after its grace).
     */
    private ResumePoint resumePoint(TransferJournal journal) {
        TransferJournal.Entry entry = journal.find(key);
        List<String> unfinished;
        try {
            unfinished = manager.writer().unfinishedUploads(key);
        } catch (ArchiveFailure e) {
            if (entry != null) {
                throw e;
            }
            // a fresh start needs no listing: a store that refuses it only leaves the clean-up to the sweep
            LOG.warn("Could not list the unfinished uploads of {} ({}); starting a new one", key, e.getMessage());
            return null;
        }
        String journaled = entry == null ? null : entry.uploadId();
        List<String> unnoted = unfinished.stream().filter(id -> !id.equals(journaled)).toList();
        if (!unnoted.isEmpty()) {
            unnoted.forEach(id -> manager.writer().abortQuietly(key, id));
            LOG.info("Aborted {} unfinished upload(s) of {} that no journal named (left by an interrupted attempt)",
                    unnoted.size(), key);
        }
        if (entry == null) {
            return null;
        }
        ResumePoint resume = entry.source().equals(Redaction.url(file.url())) && unfinished.contains(entry.uploadId())
                ? ResumePoint.of(entry, file) : null;
        if (resume == null) {
            discard(entry.uploadId());
        }
        return resume;
    }

    private ArchivedFile attempt(ResumePoint resume, boolean ranged, TransferCounter counter) throws IOException {
        long offset = resume == null ? 0 : resume.offset();
        Long announced = file.expectedSize();
        Long known = announced != null ? announced : resume == null ? null : resume.sourceSize();
        int partSize = (int) (resume != null ? resume.partSize() : manager.partSizeFor(announced));
        Long first = ranged || offset > 0 ? offset : null;
        Long last = ranged ? offset + partSize - 1 : null;
        SourceAnswer answer = manager.source().get(file.url(), key, first, last);
        SourceVerdict verdict;
        try {
            verdict = SourceVerdict.of(answer.status(), answer.contentLength(), answer.contentRangeHeader(), first, last,
                    announced, known, key);
        } catch (RuntimeException e) {
            answer.close();
            if (resume != null) {
                discard(resume.uploadId());
            }
            throw e;
        }
        if (verdict.kind() == SourceVerdict.Kind.RESTART || verdict.kind() == SourceVerdict.Kind.FULL) {
            if (resume != null) {
                LOG.info("The source of {} did not resume at byte {}; dropping the {} parts stored", key, offset,
                        resume.parts().size());
                discard(resume.uploadId());
            }
            if (verdict.kind() == SourceVerdict.Kind.RESTART) {
                answer.close();
                throw new RestartFromZero(verdict.why());
            }
            resume = null;
            offset = 0;
        } else if (resume != null) {
            LOG.info("Resuming the upload of {} from byte {} ({} parts stored already)", key, offset,
                    resume.parts().size());
        }
        boolean wholeBody = offset == 0 && verdict.kind() != SourceVerdict.Kind.RANGED;
        SourceDigests claims = answer.digests(wholeBody);
        FileDigests digests = resume == null ? new FileDigests(claims)
                : manager.digestStates().after(resume.uploadId(), resume.parts().size());
        boolean readBack = digests == null || !digests.covers(claims) || digests.bytes() != offset;
        if (readBack) {
            digests = new FileDigests(claims);
        }
        PartPipeline pipeline = manager.pipeline(file, resume, digests, verdict.total(), partSize,
                verdict.kind() == SourceVerdict.Kind.RANGED);
        StoredObject stored = new StoredObject(manager, file, pipeline, readBack);
        try {
            if (verdict.kind() == SourceVerdict.Kind.RANGED) {
                return new RangedRead(manager, file, pipeline, counter).read(answer, resume, offset, verdict.total(),
                        partSize, claims, stored);
            }
            return stream(answer, resume, offset, verdict.total(), partSize, claims, stored, counter);
        } catch (RuntimeException | IOException | Error e) {
            throw stored.stopped(e);
        } finally {
            answer.close();
        }
    }

    /** Reads one answer's body to its end into parts. */
    private ArchivedFile stream(SourceAnswer answer, ResumePoint resume, long offset, Long expected, int partSize,
            SourceDigests claims, StoredObject stored, TransferCounter counter) throws IOException {
        PartPipeline pipeline = stored.pipeline();
        InputStream in = answer.body();
        int number = resume == null ? 1 : resume.nextPart();
        long total = offset;
        String side = file.expectedSize() != null ? "RealtimeKit's announced fileSize" : "the source's size";
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted by the shutdown after " + total + " bytes");
            }
            Part part = pipeline.open(number, partSize);
            int length = counter.readFully(in, part.buffer, partSize);
            total += length;
            if (expected != null && total > expected) {
                pipeline.discard(part);
                throw TransferFailures.sizeMismatch(key, "the bytes received", total + " or more", side, expected);
            }
            if (number == 1 && pipeline.uploadId() == null && length < partSize) {
                stored.requireSize(total, expected, side);
                pipeline.putWhole(part, length);
                return stored.single(total, claims);
            }
            if (length == 0) {
                pipeline.discard(part);
                break;
            }
            pipeline.filled(part, length);
            pipeline.failFast();
            number++;
            if (length < partSize) {
                break;
            }
        }
        stored.requireSize(total, expected, side);
        return stored.complete(total, claims);
    }

    /** Aborts an upload that will not be completed and forgets it. */
    private void discard(String uploadId) {
        manager.writer().abortQuietly(key, uploadId);
        manager.journal().finished(key);
        manager.digestStates().forget(uploadId);
    }

    /** The source's answers cannot be resumed or read in ranges: fetch again from 0 in one stream. */
    static final class RestartFromZero extends ArchiveFailure {
        RestartFromZero(String why) {
            super("source-answer-invalid", why);
        }
    }
}
