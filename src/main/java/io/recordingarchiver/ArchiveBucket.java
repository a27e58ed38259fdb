package io.recordingarchiver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
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
    private final RunningTransfers transfers;

    public ArchiveBucket(S3Client s3, String bucket, long partSize, int parallelParts) {
        this(s3, bucket, partSize, parallelParts, new RunningTransfers(Duration.ofSeconds(30)));
    }

    /** As above, reporting the progress of each file's transfer to {@code transfers}. */
    public ArchiveBucket(S3Client s3, String bucket, long partSize, int parallelParts, RunningTransfers transfers) {
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
        this.transfers = transfers;
        this.partUploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "archive-part-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public String bucket() {
        return bucket;
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

    /** Streams one file of a recording to its key; see {@link #store(InputStream, String, Long, Map, String, String)}. */
    public ArchivedFile store(InputStream source, FileToArchive file) {
        InputStream tracked = transfers.track(source, file.metadata().get("recording-id"), file.key(),
                file.expectedSize());
        return store(tracked, file.key(), file.expectedSize(), file.metadata(), file.contentType(), file.sourceFileName());
    }

    /**
     * Streams {@code source} to {@code key}. The source is read to its end and closed.
     *
     * @param expectedSize the size RealtimeKit announced, or null when unknown
     * @param metadata user metadata for the object; the SHA-256 is added under {@value #SHA256_METADATA}
     * @return what was stored
     * @throws ArchiveFailure size-mismatch (final) or a transient failure of the download or of S3
     */
    public ArchivedFile store(InputStream source, String key, Long expectedSize, Map<String, String> metadata,
            String contentType, String sourceFileName) {
        try (InputStream in = source) {
            PartBuffers buffers = new PartBuffers(parallelParts + 1, (int) partSizeFor(expectedSize));
            byte[] first = buffers.take();
            int length = in.readNBytes(first, 0, first.length);
            MessageDigest sha = sha256();
            sha.update(first, 0, length);
            if (length < first.length) {
                return putSingle(key, first, length, sha, expectedSize, metadata, contentType, sourceFileName);
            }
            return putMultipart(in, buffers, first, sha, key, expectedSize, metadata, contentType, sourceFileName);
        } catch (IOException e) {
            throw new ArchiveFailure.Transient("download-interrupted",
                    "reading the recording for " + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw classify(e, "storing " + key);
        }
    }

    /** Writes a small object in one PUT (manifests, error reports). */
    public void putSmall(String key, byte[] content, String contentType) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw classify(e, "writing " + key);
        }
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

    private ArchivedFile putSingle(String key, byte[] content, int length, MessageDigest sha, Long expectedSize,
            Map<String, String> metadata, String contentType, String sourceFileName) {
        requireSize(key, length, expectedSize);
        String hex = HexFormat.of().formatHex(sha.digest());
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(withSha(metadata, hex)),
                body(content, length));
        return new ArchivedFile(key, length, hex, contentType, sourceFileName);
    }

    /** A request body over the buffer without copying it; the SDK may read it again to retry. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }

    private ArchivedFile putMultipart(InputStream in, PartBuffers buffers, byte[] first, MessageDigest sha,
            String key, Long expectedSize, Map<String, String> metadata, String contentType, String sourceFileName)
            throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)
                .metadata(metadata)).uploadId();
        boolean completed = false;
        List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
        try {
            byte[] buffer = first;
            int length = first.length;
            long total = 0;
            while (length > 0) {
                total += length;
                if (expectedSize != null && total > expectedSize) {
                    throw sizeMismatch(key, total + " or more", expectedSize);
                }
                parts.add(uploadPart(key, uploadId, parts.size() + 1, buffer, length, buffers));
                failFast(parts);
                buffer = buffers.take();
                length = in.readNBytes(buffer, 0, buffer.length);
                sha.update(buffer, 0, length);
            }
            List<CompletedPart> done = join(parts);
            requireSize(key, total, expectedSize);
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(done).build()));
            completed = true;
            String hex = HexFormat.of().formatHex(sha.digest());
            setMetadata(key, total, withSha(metadata, hex), contentType);
            return new ArchivedFile(key, total, hex, contentType, sourceFileName);
        } finally {
            if (!completed) {
                parts.forEach(p -> p.cancel(false));
                abortQuietly(key, uploadId);
            }
        }
    }

    private CompletableFuture<CompletedPart> uploadPart(String key, String uploadId, int number, byte[] buffer,
            int length, PartBuffers buffers) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length), body(buffer, length)).eTag();
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            } finally {
                buffers.give(buffer);
            }
        }, partUploads);
    }

    private static void failFast(List<CompletableFuture<CompletedPart>> parts) {
        for (CompletableFuture<CompletedPart> part : parts) {
            if (part.isCompletedExceptionally()) {
                part.join();
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
}
