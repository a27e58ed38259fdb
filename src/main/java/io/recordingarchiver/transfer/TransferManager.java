package io.recordingarchiver.transfer;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.recordingarchiver.dispatch.ArchivedFile;
import io.recordingarchiver.archive.FileToArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Moves recording files from their presigned links into the archive bucket, the way the AWS SDK
 * v2 transfer manager moves files into S3: {@link #transfer(FileToArchive)} runs one
 * {@link FileTransfer} and returns the verified {@link ArchivedFile}; {@link #verifiedCopy} says
 * when a file is there already; {@link #abortAbandonedUploads} sweeps what crashed transfers left.
 *
 * <p>Shared by every transfer of the process: the memory {@link BufferBudget} (all part buffers
 * together), the HTTP client of the sources, and the thread pool that reads ranges and uploads
 * parts. Memory is bounded by the budget whatever the number of transfers, the part size or the
 * file size: when it is spent, transfers wait.
 */
public final class TransferManager implements AutoCloseable {

    /** S3's limits: 5 MiB smallest part, 10,000 parts. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    static final int MAX_PARTS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(TransferManager.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ObjectWriter writer;
    private final FileSource source;
    private final TransferJournal journal;
    private final RunningTransfers running;
    private final BufferBudget budget;
    private final long partSize;
    private final int parallelParts;
    private final int connectionsPerFile;
    private final ExecutorService pool;
    private final DigestStates digestStates = new DigestStates();

    /**
     * @param partSize bytes per part (at least 5 MiB; grown for files over 10,000 parts)
     * @param parallelParts parts of one file uploaded at once
     * @param connectionsPerFile ranged reads of one file at once when its source honours Range (1: one stream)
     * @param budget the memory of all part buffers together
     */
    public TransferManager(S3Client s3, String bucket, FileSource source, TransferJournal journal,
            RunningTransfers running, BufferBudget budget, long partSize, int parallelParts, int connectionsPerFile) {
        if (partSize < MIN_PART_SIZE || partSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("archiver.s3.part-size must be between 5 MiB (5242880) and 2 GiB, not "
                    + partSize);
        }
        if (parallelParts < 1) {
            throw new IllegalArgumentException("archiver.s3.parallel-parts must be at least 1, not " + parallelParts);
        }
        if (connectionsPerFile < 1) {
            throw new IllegalArgumentException("archiver.download.connections-per-file must be at least 1, not "
                    + connectionsPerFile);
        }
        this.writer = new ObjectWriter(s3, bucket);
        this.source = source;
        this.journal = journal;
        this.running = running;
        this.budget = budget;
        this.partSize = partSize;
        this.parallelParts = parallelParts;
        this.connectionsPerFile = connectionsPerFile;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "transfer-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Transfers one file; see {@link FileTransfer#run()} for its outcomes.
     *
     * @return the stored file: key, size and SHA-256 of exactly the stored bytes
     */
    public ArchivedFile transfer(FileToArchive file) {
        return new FileTransfer(this, file).run();
    }

    /**
     * The copy of the file in the bucket that this archiver stored and verified, or null.
     *
     * @param manifestKey the key of the recording's manifest, looked at when the state store has no record
     */
    public ArchivedFile verifiedCopy(FileToArchive file, String manifestKey) {
        return new VerifiedCopy(writer, journal).find(file, manifestKey);
    }

    /** Aborts unfinished uploads under {@code prefix} that no transfer can resume; returns how many. */
    public int abortAbandonedUploads(String prefix) {
        return new AbandonedUploadSweep(writer, journal).sweep(prefix);
    }

    /** Creates the bucket when it does not exist yet (the embedded store). */
    public void ensureBucket() {
        try {
            writer.client().headBucket(b -> b.bucket(writer.bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            writer.client().createBucket(b -> b.bucket(writer.bucket()));
            LOG.info("Created bucket {}", writer.bucket());
        }
    }

    /** The part size for a file of {@code expectedSize} bytes (null: unknown): grown past 10,000 parts. */
    long partSizeFor(Long expectedSize) {
        if (expectedSize == null || expectedSize <= partSize * MAX_PARTS) {
            return partSize;
        }
        long needed = (expectedSize + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1024 * 1024;
        return (needed + mib - 1) / mib * mib;
    }

    PartPipeline pipeline(FileToArchive file, ResumePoint resume, FileDigests digests, Long sourceSize, int size,
            boolean ranged) {
        int inFlight = parallelParts + (ranged ? connectionsPerFile : 1);
        return new PartPipeline(writer, file, journal, pool, budget, size, inFlight, resume, digests, sourceSize);
    }

    TransferCounter counter(FileToArchive file) {
        return new TransferCounter(running,
                running.begin(file.metadata().get("recording-id"), file.key(), file.expectedSize()));
    }

    ObjectWriter writer() {
        return writer;
    }

    FileSource source() {
        return source;
    }

    TransferJournal journal() {
        return journal;
    }

    DigestStates digestStates() {
        return digestStates;
    }

    int connectionsPerFile() {
        return connectionsPerFile;
    }

    /** The memory budget of the part buffers. */
    public BufferBudget budget() {
        return budget;
    }

    @Override
    public void close() throws IOException {
        pool.shutdownNow();
        source.close();
    }
}
