package io.recordingarchiver.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import io.recordingarchiver.dispatch.ArchivedFile;
import io.recordingarchiver.archive.FileToArchive;

/**
 * Reads a file whose source honours Range in parts, each part its own ranged GET, up to
 * {@code connections-per-file} at once: what a far object store rewards, since it caps each
 * connection well below the link. Every answer must be a 206 covering exactly the part asked with
 * the same total (else the file is fetched again from 0 in one stream, never spliced), and every
 * answer's ETag must be the first one's (else the file changed meanwhile: {@code source-changed}).
 */
final class RangedRead {

    private final TransferManager manager;
    private final FileToArchive file;
    private final PartPipeline pipeline;
    private final TransferCounter counter;
    private final Semaphore connections;
    private final AtomicReference<SourceDigests> named = new AtomicReference<>();

    RangedRead(TransferManager manager, FileToArchive file, PartPipeline pipeline, TransferCounter counter) {
        this.manager = manager;
        this.file = file;
        this.pipeline = pipeline;
        this.counter = counter;
        this.connections = new Semaphore(manager.connectionsPerFile());
    }

    /**
     * @param first the answer to the first part's request (checked already), its body unread
     * @param offset the first byte of that part
     * @param total the whole file's size
     */
    ArchivedFile read(SourceAnswer first, ResumePoint resume, long offset, long total, int partSize,
            SourceDigests claims, StoredObject stored) throws IOException {
        named.set(claims);
        int number = resume == null ? 1 : resume.nextPart();
        int lastNumber = (int) Math.max(1, (total + partSize - 1) / partSize);
        int length = (int) Math.min(partSize, total - offset);
        Part part = pipeline.open(number, partSize);
        int got;
        try {
            got = counter.readFully(first.body(), part.buffer, length);
        } catch (IOException | RuntimeException e) {
            pipeline.discard(part);
            throw e;
        }
        if (got == length) {
            first.finish();
        }
        first.close();
        if (got != length) {
            pipeline.discard(part);
            throw new IOException("the source sent " + got + " of the " + length + " bytes of part " + number);
        }
        if (resume == null && lastNumber == 1) {
            pipeline.putWhole(part, length);
            return stored.single(total, named.get());
        }
        pipeline.filled(part, length);
        for (int n = number + 1; n <= lastNumber; n++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted by the shutdown at part " + n);
            }
            pipeline.failFast();
            Part next = pipeline.open(n, partSize);
            try {
                connections.acquire();
            } catch (InterruptedException e) {
                pipeline.discard(next);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted by the shutdown at part " + n);
            }
            long from = (long) (n - 1) * partSize;
            long to = Math.min(from + partSize, total) - 1;
            pipeline.run(() -> fetch(next, from, to, total));
        }
        return stored.complete(total, named.get());
    }

    /** Fetches one part into its buffer and hands it on; a failure stops the pipeline. */
    private void fetch(Part part, long from, long to, long total) {
        int length = (int) (to - from + 1);
        try {
            try (SourceAnswer answer = manager.source().get(file.url(), file.key(), from, to)) {
                SourceVerdict verdict = SourceVerdict.of(answer.status(), answer.contentLength(),
                        answer.contentRangeHeader(), from, to, null, total, file.key());
                if (verdict.kind() != SourceVerdict.Kind.RANGED) {
                    throw new FileTransfer.RestartFromZero(verdict.kind() == SourceVerdict.Kind.RESTART ? verdict.why()
                            : "the source answered part " + part.number + " with the whole file");
                }
                SourceDigests more = answer.digests(false);
                named.updateAndGet(known -> known.with(more));
                int got = counter.readFully(answer.body(), part.buffer, length);
                if (got != length) {
                    throw new IOException("the source sent " + got + " of the " + length + " bytes of part " + part.number);
                }
                answer.finish();
            } finally {
                connections.release();
            }
            pipeline.filled(part, length);
        } catch (IOException e) {
            pipeline.failed(part, TransferFailures.interrupted(file.key(), e));
        } catch (IllegalStateException e) {
            pipeline.failed(part, TransferFailures.sourceChanged(file.key(), e.getMessage()));
        } catch (RuntimeException e) {
            pipeline.failed(part, e);
        } catch (OutOfMemoryError e) {
            pipeline.failed(part, TransferFailures.outOfResources(file.key(), e));
        }
    }
}
