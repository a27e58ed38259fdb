package io.recordingarchiver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes recordings into the archive bucket through the AWS SDK.
 *
 * <p>Why not the aws2-s3 component for the recording itself: in Camel 4.18 its multipart mode drops
 * the user metadata and reads all parts from one stream, so a part can be neither retried nor
 * resumed, and without a known length it buffers the whole body in memory. This bean streams the
 * source in parts of a fixed size (memory is bounded by {@code (parallelParts + 1) x partSize} per
 * transfer, whatever the file size), uploads up to {@code parallelParts} of them at once, computes
 * the SHA-256 on the way, refuses to complete an upload whose size differs from the expected one
 * (the upload is aborted, so nothing appears at the key), and finally sets the full user metadata,
 * SHA-256 included, with a server-side copy onto the same key.
 */
public class ArchiveBucket {

    /** S3's limits: 5 MiB smallest part, 10,000 parts, 5 GiB for one PUT or one copy. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    static final int MAX_PARTS = 10_000;
    static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
    /** The metadata key that marks a verified archive copy. */
    public static final String SHA256_METADATA = "sha256";

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveBucket.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final S3Client s3;
    private final String bucket;
    private final long partSize;
    private final int parallelParts;
    private final ExecutorService partUploads;
    private final TransferJournal journal;
    private final RunningTransfers running;

    /** A bucket writer that neither journals nor reports progress (tests). */
    public ArchiveBucket(S3Client s3, String bucket, long partSize, int parallelParts) {
        this(s3, bucket, partSize, parallelParts, TransferJournal.NONE, new RunningTransfers(Duration.ofSeconds(30)));
    }

    /**
     * @param journal where uploads and stored parts are noted down, so interrupted transfers resume
     * @param running where each transfer's progress is reported while it runs
     */
    public ArchiveBucket(S3Client s3, String bucket, long partSize, int parallelParts, TransferJournal journal,
            RunningTransfers running) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("archiver.s3.part-size must be at least 5 MiB (5242880), not " + partSize);
        }
        if (parallelParts < 1) {
            throw new IllegalArgumentException("archiver.s3.parallel-parts must be at least 1, not " + parallelParts);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
        this.parallelParts = parallelParts;
        this.journal = journal;
        this.running = running;
        this.partUploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "archive-part-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Creates the bucket when it does not exist yet (used for the embedded store). */
    public void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(bucket));
            LOG.info("Created bucket {}", bucket);
        }
    }

    /** Streams one file of a recording to its key from the beginning. */
    public ArchivedFile store(InputStream source, FileToArchive file) {
        return store(source, file, null);
    }

    /**
     * Streams one file of a recording to its key. The source is read to its end and closed.
     *
     * @param resume where an interrupted upload of this file stopped (the source then starts at
     *     {@link Resume#offset()}), or null to start from the beginning
     * @return what was stored, with its SHA-256
     * @throws ArchiveFailure size-mismatch or s3-rejected (final: the upload is aborted and nothing
     *     appears at the key), or a transient failure of the download or of S3 (the upload and its
     *     stored parts are kept, and the next attempt resumes them)
     */
    public ArchivedFile store(InputStream source, FileToArchive file, Resume resume) {
        try (InputStream in = running.track(source, file.metadata().get("recording-id"), file.key(),
                file.expectedSize())) {
            return store(in, source, file, resume);
        } catch (IOException e) {
            throw new ArchiveFailure.Transient("download-interrupted",
                    "reading the recording for " + file.key() + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw classify(e, "storing " + file.key());
        }
    }

    private ArchivedFile store(InputStream in, InputStream source, FileToArchive file, Resume resume)
            throws IOException {
        try {
            long size = resume != null ? resume.partSize() : partSizeFor(file.expectedSize());
            PartBuffers buffers = new PartBuffers(parallelParts + 1, (int) size);
            if (resume != null) {
                return upload(in, buffers, null, 0, null, file, resume.uploadId(), resume.parts(), resume.offset());
            }
            byte[] first = buffers.take();
            int length = in.readNBytes(first, 0, first.length);
            MessageDigest sha = sha256();
            sha.update(first, 0, length);
            if (length < first.length) {
                return putSingle(file, first, length, sha);
            }
            String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(file.key())
                    .contentType(file.contentType()).metadata(file.metadata())).uploadId();
            journal.started(file, uploadId, size);
            return upload(in, buffers, first, length, sha, file, uploadId, List.of(), 0);
        } catch (IOException | RuntimeException e) {
            cutDownload(source);
            throw e;
        }
    }

    /**
     * Drops the connection of a download that stops before its end. Closing an HTTP client's
     * response stream would read (and throw away) the rest of the file to reuse the connection:
     * gigabytes, and a shutdown waiting for them.
     */
    private static void cutDownload(InputStream source) {
        if (source instanceof EofSensorInputStream response) {
            try {
                response.abort();
            } catch (IOException alreadyBroken) {
                // the connection is gone either way
            }
        }
    }

    /**
     * Where to resume the file's interrupted upload: the parts stored one after another from the
     * first, all but the last full-size, or null to start again. An upload S3 no longer has, or one
     * that was reading another source, is aborted and forgotten.
     */
    public Resume resumeFor(FileToArchive file) {
        TransferJournal.Entry entry = journal.find(file.key());
        if (entry == null) {
            return null;
        }
        if (!entry.source().equals(Redaction.url(file.url())) || !uploadExists(entry)) {
            discard(entry.key(), entry.uploadId());
            return null;
        }
        List<CompletedPart> parts = new ArrayList<>();
        long offset = 0;
        for (TransferJournal.StoredPart part : entry.parts()) {
            boolean lastOfFile = file.expectedSize() != null && offset + part.size() >= file.expectedSize();
            if (part.number() != parts.size() + 1 || part.size() != entry.partSize() || lastOfFile) {
                break;
            }
            parts.add(CompletedPart.builder().partNumber(part.number()).eTag(part.etag()).build());
            offset += part.size();
        }
        return parts.isEmpty() ? discardAndStartAgain(entry) : new Resume(entry.uploadId(), entry.partSize(), parts, offset);
    }

    /**
     * The resume point that still holds once the source answered: a 206 from the asked offset keeps
     * it; a 200 (the source ignored the Range) or a range from elsewhere means starting again.
     */
    public Resume confirmResume(Resume resume, Integer httpStatus, String contentRange, FileToArchive file) {
        if (resume == null) {
            return null;
        }
        if (httpStatus != null && httpStatus == 206 && contentRange != null
                && contentRange.trim().startsWith("bytes " + resume.offset() + "-")) {
            LOG.info("Resuming the upload of {} from byte {} ({} parts stored already)", file.key(), resume.offset(),
                    resume.parts().size());
            return resume;
        }
        LOG.info("The source of {} did not honour the Range request; starting the upload again", file.key());
        discard(file.key(), resume.uploadId());
        return null;
    }

    /** Uploads no journal knows are left alone this long: another instance may be about to note its own down. */
    static final Duration SWEEP_GRACE = Duration.ofMinutes(10);
    /** Uploads older than this are aborted whatever the journal says: RealtimeKit deleted their source after 7 days. */
    static final Duration SWEEP_MAX_AGE = Duration.ofDays(8);

    /**
     * Aborts the unfinished uploads under {@code prefix} that no transfer can resume, with the
     * standard grace and age. An empty prefix (a key template that starts with a placeholder) sweeps
     * nothing: the bucket may hold other applications' uploads.
     */
    public int abortAbandonedUploads(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return 0;
        }
        int aborted = abortAbandonedUploads(prefix, SWEEP_GRACE, SWEEP_MAX_AGE);
        if (aborted > 0) {
            LOG.info("Aborted {} unfinished multipart uploads under '{}' that no transfer can resume", aborted, prefix);
        }
        return aborted;
    }

    /**
     * Aborts the unfinished uploads under {@code prefix} that no transfer can resume: those the
     * journal does not know (left by a crash between starting an upload and noting it down; only
     * once older than {@code grace}, so another instance's brand-new upload is left alone) and
     * those started longer than {@code maxAge} ago (their source is deleted by then).
     *
     * @return how many uploads were aborted
     */
    public int abortAbandonedUploads(String prefix, Duration grace, Duration maxAge) {
        int aborted = 0;
        for (TransferJournal.Entry old : journal.startedBefore(System.currentTimeMillis() - maxAge.toMillis())) {
            discard(old.key(), old.uploadId());
            aborted++;
        }
        Set<String> known = journal.uploadIds();
        Instant cutoff = Instant.now().minus(grace);
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads()) {
            if (!known.contains(upload.uploadId()) && upload.initiated().isBefore(cutoff)) {
                abortQuietly(upload.key(), upload.uploadId());
                aborted++;
            }
        }
        return aborted;
    }

    /**
     * The copy of the file already in the bucket, when there is one that this archiver completed
     * and verified (it carries the {@value #SHA256_METADATA} metadata, and the announced size when
     * one is known), else null. This is what keeps a recording from being downloaded twice even
     * when the state store was lost.
     */
    public ArchivedFile verifiedCopy(FileToArchive file) {
        HeadObjectResponse head = head(file.key());
        if (head == null || head.metadata().get(SHA256_METADATA) == null) {
            return null;
        }
        if (file.expectedSize() != null && head.contentLength() != file.expectedSize().longValue()) {
            return null;
        }
        return new ArchivedFile(file.key(), head.contentLength(), head.metadata().get(SHA256_METADATA),
                head.contentType(), file.sourceFileName());
    }

    /** The object's head, or null when there is no object at the key. */
    public HeadObjectResponse head(String key) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw classify(e, "reading the head of " + key);
        } catch (SdkException e) {
            throw classify(e, "reading the head of " + key);
        }
    }

    long partSizeFor(Long expectedSize) {
        if (expectedSize == null || expectedSize <= partSize * MAX_PARTS) {
            return partSize;
        }
        long needed = (expectedSize + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1024 * 1024;
        return (needed + mib - 1) / mib * mib;
    }

    private ArchivedFile putSingle(FileToArchive file, byte[] content, int length, MessageDigest sha) {
        requireSize(file.key(), length, file.expectedSize());
        String hex = HexFormat.of().formatHex(sha.digest());
        s3.putObject(b -> b.bucket(bucket).key(file.key()).contentType(file.contentType())
                .metadata(withSha(file.metadata(), hex)), body(content, length));
        return new ArchivedFile(file.key(), length, hex, file.contentType(), file.sourceFileName());
    }

    /** A request body over the buffer without copying it; the SDK may read it again to retry. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }

    /**
     * Uploads the rest of the source as parts after {@code done}, then completes the upload. A final
     * failure aborts it; a transient one leaves it and its journal entry for the next attempt.
     *
     * @param first the first part, already read (null when resuming)
     * @param sha the digest of everything read so far, or null when resuming (the stored object is
     *     then hashed once complete: the bytes before the resume point were read by another attempt)
     */
    private ArchivedFile upload(InputStream in, PartBuffers buffers, byte[] first, int firstLength, MessageDigest sha,
            FileToArchive file, String uploadId, List<CompletedPart> done, long offset) throws IOException {
        String key = file.key();
        Long expectedSize = file.expectedSize();
        List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
        done.forEach(part -> parts.add(CompletableFuture.completedFuture(part)));
        try {
            byte[] buffer = first != null ? first : buffers.take();
            int length = first != null ? firstLength : in.readNBytes(buffer, 0, buffer.length);
            long total = offset;
            while (length > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    // a forced shutdown: stop between two parts, the upload and its journal stay resumable
                    throw new InterruptedIOException("interrupted by the shutdown after " + total + " bytes");
                }
                total += length;
                if (expectedSize != null && total > expectedSize) {
                    throw sizeMismatch(key, total + " or more", expectedSize);
                }
                parts.add(uploadPart(key, uploadId, parts.size() + 1, buffer, length, buffers));
                failFast(parts);
                buffer = buffers.take();
                length = in.readNBytes(buffer, 0, buffer.length);
                if (sha != null) {
                    sha.update(buffer, 0, length);
                }
            }
            List<CompletedPart> stored = join(parts);
            requireSize(key, total, expectedSize);
            journal.completing(uploadId);
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(stored).build()));
            journal.finished(key);
            String hex = sha != null ? HexFormat.of().formatHex(sha.digest()) : storedSha256(key);
            setMetadata(key, total, withSha(file.metadata(), hex), file.contentType());
            return new ArchivedFile(key, total, hex, file.contentType(), file.sourceFileName());
        } catch (ArchiveFailure e) {
            throw stopped(e, parts, key, uploadId);
        } catch (SdkException e) {
            throw stopped(classify(e, "storing " + key), parts, key, uploadId);
        } catch (IOException e) {
            throw stopped(new ArchiveFailure.Transient("download-interrupted",
                    "reading the recording for " + key + " failed: " + e.getMessage(), e), parts, key, uploadId);
        }
    }

    private CompletableFuture<CompletedPart> uploadPart(String key, String uploadId, int number, byte[] buffer,
            int length, PartBuffers buffers) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length), body(buffer, length)).eTag();
                journal.partStored(uploadId, new TransferJournal.StoredPart(number, etag, length));
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            } finally {
                buffers.give(buffer);
            }
        }, partUploads);
    }

    /** Throws the failure of a part that failed already (unwrapped, so it is classified like any other). */
    private static void failFast(List<CompletableFuture<CompletedPart>> parts) {
        for (CompletableFuture<CompletedPart> part : parts) {
            if (part.isCompletedExceptionally()) {
                join(List.of(part));
            }
        }
    }

    private static List<CompletedPart> join(List<CompletableFuture<CompletedPart>> parts) {
        List<CompletedPart> done = new ArrayList<>(parts.size());
        try {
            for (CompletableFuture<CompletedPart> part : parts) {
                done.add(part.join());
            }
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        return done;
    }

    /** Replaces the object's metadata in place (server-side copy; multipart copy above 5 GiB). */
    private void setMetadata(String key, long size, Map<String, String> metadata, String contentType) {
        if (size <= MAX_SINGLE_COPY) {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE).metadata(metadata).contentType(contentType));
            return;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)
                .metadata(metadata)).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long copyPart = 1024L * 1024 * 1024;
            for (long offset = 0, number = 1; offset < size; offset += copyPart, number++) {
                long end = Math.min(offset + copyPart, size) - 1;
                int partNumber = (int) number;
                String range = "bytes=" + offset + "-" + end;
                String etag = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket)
                        .destinationKey(key).uploadId(uploadId).partNumber(partNumber).copySourceRange(range))
                        .copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            completed = true;
        } finally {
            if (!completed) {
                abortQuietly(key, uploadId);
            }
        }
    }

    /**
     * Ends an upload that failed: the parts still in flight are let finish (so the journal says
     * exactly what S3 holds), then a final failure aborts the upload, a transient one keeps it.
     */
    private ArchiveFailure stopped(ArchiveFailure failure, List<CompletableFuture<CompletedPart>> parts, String key,
            String uploadId) {
        for (CompletableFuture<CompletedPart> part : parts) {
            try {
                part.join();
            } catch (RuntimeException alsoFailed) {
                // the failure being reported is the first one
            }
        }
        if (!(failure instanceof ArchiveFailure.Transient)) {
            discard(key, uploadId);
        }
        return failure;
    }

    /** The SHA-256 of the object as stored, read back from S3 in a stream. */
    private String storedSha256(String key) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Whether S3 still has the unfinished upload (it may have been aborted by a lifecycle rule). */
    private boolean uploadExists(TransferJournal.Entry entry) {
        try {
            return s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(entry.key())).uploads().stream()
                    .anyMatch(upload -> upload.uploadId().equals(entry.uploadId()));
        } catch (SdkException e) {
            throw classify(e, "looking up the unfinished upload of " + entry.key());
        }
    }

    private Resume discardAndStartAgain(TransferJournal.Entry entry) {
        discard(entry.key(), entry.uploadId());
        return null;
    }

    /** Aborts an upload that will not be completed and forgets it. */
    private void discard(String key, String uploadId) {
        abortQuietly(key, uploadId);
        journal.finished(key);
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warn("Could not abort the unfinished upload of {}: {}", key, Redaction.text(e.getMessage()));
        }
    }

    private static void requireSize(String key, long actual, Long expected) {
        if (expected != null && actual != expected) {
            throw sizeMismatch(key, String.valueOf(actual), expected);
        }
    }

    private static ArchiveFailure sizeMismatch(String key, String actual, long expected) {
        return new ArchiveFailure("size-mismatch",
                "the download for " + key + " gave " + actual + " bytes but RealtimeKit announced " + expected);
    }

    private static Map<String, String> withSha(Map<String, String> metadata, String sha) {
        Map<String, String> all = new HashMap<>(metadata);
        all.put(SHA256_METADATA, sha);
        return all;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** S3 throttling, 5xx and client-side failures are transient; other S3 answers are final. */
    static ArchiveFailure classify(SdkException e, String doing) {
        String message = doing + " in S3 failed: " + e.getMessage();
        if (e instanceof S3Exception s3e && s3e.statusCode() < 500 && s3e.statusCode() != 429
                && s3e.statusCode() != 408) {
            return new ArchiveFailure("s3-rejected", message, e);
        }
        return new ArchiveFailure.Transient("s3-unavailable", message, e);
    }

    /**
     * The part buffers of one transfer: at most {@code max} are ever allocated, and taking one
     * blocks while all of them are being uploaded. That back-pressure is what bounds memory.
     */
    private static final class PartBuffers {
        private final BlockingQueue<byte[]> free;
        private final int max;
        private final int size;
        private int created;

        PartBuffers(int max, int size) {
            this.free = new ArrayBlockingQueue<>(max);
            this.max = max;
            this.size = size;
        }

        byte[] take() throws IOException {
            byte[] buffer = free.poll();
            if (buffer != null) {
                return buffer;
            }
            if (created < max) {
                created++;
                return new byte[size];
            }
            try {
                return free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a part upload");
            }
        }

        void give(byte[] buffer) {
            free.offer(buffer);
        }
    }

    /** Where an interrupted upload stopped: its id, its part size, the parts stored and the bytes they hold. */
    public record Resume(String uploadId, long partSize, List<CompletedPart> parts, long offset) {
    }
}
