package io.recordingarchiver.transfer;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import io.recordingarchiver.archive.FileToArchive;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The part upload loop of one file. Parts are filled by the caller (one stream, or ranged reads
 * on several connections, in any order), then hashed strictly in order ({@link OrderedHashing}) and
 * uploaded in parallel. Each part's buffer comes from the process-wide {@link BufferBudget} and goes
 * back once the part is both hashed and stored; parts are opened in order, so the lowest part not
 * hashed yet always holds its buffer and the pipeline cannot deadlock on the budget.
 *
 * <p>Each stored part is noted in the journal (which renews the claim).
 */
final class PartPipeline {

    private final ObjectWriter writer;
    private final FileToArchive file;
    private final TransferJournal journal;
    private final ExecutorService pool;
    private final BufferBudget budget;
    private final int partSize;
    private final Semaphore inFlight;
    private final OrderedHashing hashing;
    private final Long sourceSize;
    private final Map<Integer, CompletedPart> stored = new HashMap<>();
    private final List<Future<?>> uploads = new ArrayList<>();
    private volatile RuntimeException failure;
    private String uploadId;
    private int storedFrontier;

    /**
     * @param resume where an earlier attempt stopped (its parts count as stored), or null
     * @param digests the digests of the bytes before the first part to be filled
     * @param maxInFlight parts of this file held (being filled, hashed or stored) at once
     */
    PartPipeline(ObjectWriter writer, FileToArchive file, TransferJournal journal, ExecutorService pool,
            BufferBudget budget, int partSize, int maxInFlight, ResumePoint resume, FileDigests digests,
            Long sourceSize) {
        this.writer = writer;
        this.file = file;
        this.journal = journal;
        this.pool = pool;
        this.budget = budget;
        this.partSize = partSize;
        this.inFlight = new Semaphore(maxInFlight);
        this.hashing = new OrderedHashing(digests, partSize, resume == null ? 1 : resume.nextPart());
        this.sourceSize = sourceSize;
        if (resume != null) {
            this.uploadId = resume.uploadId();
            resume.parts().forEach(p -> stored.put(p.partNumber(), p));
            this.storedFrontier = resume.parts().size();
            hashing.keepFrom(storedFrontier - 1);
        }
    }

    /** A part to fill, waiting for the budget and for a free place in this file's pipeline. */
    Part open(int number, int size) throws InterruptedIOException {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a part upload");
        }
        try {
            byte[] buffer = budget.take(size);
            return new Part(number, buffer, () -> {
                budget.give(buffer);
                inFlight.release();
            });
        } catch (InterruptedIOException | RuntimeException | Error e) {
            inFlight.release();
            throw e;
        }
    }

    /** Gives back a part that was opened but holds no bytes (the source ended). */
    void discard(Part part) {
        budget.give(part.buffer);
        inFlight.release();
    }

    /** The part is full ({@code length} bytes): hashed when its turn comes, and stored. */
    void filled(Part part, int length) {
        part.length = length;
        run(() -> store(part));
        hash(part);
    }

    /** Stores the file in one PutObject: it is {@code part}, whole (the first part, smaller than a part). */
    void putWhole(Part part, int length) {
        part.length = length;
        hash(part);
        try {
            writer.put(file, part.buffer, length);
        } finally {
            part.jobDone();
        }
    }

    /** The first failure of a part, thrown here, if any. */
    void failFast() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /** Waits for every part under way; returns the stored parts in order, or throws the first failure. */
    List<CompletedPart> awaitAll() {
        drain();
        failFast();
        synchronized (this) {
            List<CompletedPart> parts = new ArrayList<>(stored.size());
            for (int n = 1; n <= stored.size(); n++) {
                CompletedPart p = stored.get(n);
                if (p == null) {
                    throw new IllegalStateException("part " + n + " of " + file.key() + " is missing");
                }
                parts.add(p);
            }
            return parts;
        }
    }

    /** Waits for every part under way, ignoring failures (the one reported is the first). */
    void drain() {
        for (int done = 0; ; ) {
            Future<?> next;
            synchronized (this) {
                if (done == uploads.size()) {
                    return;
                }
                next = uploads.get(done);
            }
            try {
                next.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException alsoFailed) {
                // recorded as the pipeline's failure by the task itself
            }
            done++;
        }
    }

    /** Runs a task of this file (a ranged read) on the transfer pool; {@link #drain()} waits for it too. */
    synchronized void run(Runnable task) {
        uploads.add(pool.submit(task));
    }

    /** The upload's id, or null when none was started. */
    synchronized String uploadId() {
        return uploadId;
    }

    FileDigests digests() {
        return hashing.digests();
    }

    /** The digest states at the part boundaries kept (by whole parts from the first). */
    Map<Integer, FileDigests> boundaries() {
        return hashing.boundaries();
    }

    /** A part whose bytes could not be read: the pipeline stops with {@code e}; its buffer goes back. */
    void failed(Part part, RuntimeException e) {
        fail(e);
        discard(part);
    }

    /** Hashes the part in its turn, unless the pipeline failed (then only its hash job is done). */
    private void hash(Part part) {
        if (failure != null) {
            part.jobDone();
        } else {
            hashing.hash(part);
        }
    }

    private void store(Part part) {
        try {
            if (failure != null) {
                return;
            }
            String id = ensureUpload();
            String etag = writer.uploadPart(file, id, part.number, part.buffer, part.length);
            journal.partStored(id, new TransferJournal.StoredPart(part.number, etag, part.length));
            synchronized (this) {
                stored.put(part.number, CompletedPart.builder().partNumber(part.number).eTag(etag).build());
                while (stored.containsKey(storedFrontier + 1)) {
                    storedFrontier++;
                }
                hashing.keepFrom(storedFrontier - 1);
            }
        } catch (RuntimeException e) {
            fail(e);
        } catch (OutOfMemoryError e) {
            fail(TransferFailures.outOfResources(file.key(), e));
        } finally {
            part.jobDone();
        }
    }

    /** Records the first failure and lets go of the parts waiting for their turn to be hashed. */
    private void fail(RuntimeException e) {
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
        }
        hashing.stop();
    }

    private synchronized String ensureUpload() {
        if (uploadId == null) {
            uploadId = writer.create(file);
            journal.started(file, uploadId, partSize, sourceSize);
        }
        return uploadId;
    }
}
