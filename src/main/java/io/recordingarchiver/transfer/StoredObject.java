package io.recordingarchiver.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import io.recordingarchiver.archive.ArchiveFailure;
import io.recordingarchiver.dispatch.StateStore;
import io.recordingarchiver.dispatch.ArchivedFile;
import io.recordingarchiver.archive.FileToArchive;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The end of one transfer attempt on the S3 side: complete the upload once size and digests are
 * proven, or stop it (a transient failure keeps it for the next attempt, a final one aborts it).
 * The verified file is remembered in the state store; nothing is written to the object after it
 * is complete (its SHA-256 goes to the manifest and the state store).
 */
final class StoredObject {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoredObject.class);

    private final TransferManager manager;
    private final FileToArchive file;
    private final PartPipeline pipeline;
    private final boolean readBack;

    /** @param readBack the digests do not cover the bytes stored before the resume point: hash the object once complete */
    StoredObject(TransferManager manager, FileToArchive file, PartPipeline pipeline, boolean readBack) {
        this.manager = manager;
        this.file = file;
        this.pipeline = pipeline;
        this.readBack = readBack;
    }

    PartPipeline pipeline() {
        return pipeline;
    }

    /** Fails {@code size-mismatch} when {@code total} bytes were received where {@code side} says {@code expected}. */
    void requireSize(long total, Long expected, String side) {
        if (expected != null && total != expected) {
            throw TransferFailures.sizeMismatch(file.key(), "the bytes received", String.valueOf(total), side, expected);
        }
    }

    /** The file went in one PutObject: it is verified already (its bytes were hashed on the way). */
    ArchivedFile single(long total, SourceDigests claims) {
        FileDigests digests = pipeline.digests();
        try {
            digests.check(claims, file.key());
        } catch (ArchiveFailure e) {
            manager.writer().deleteQuietly(file.key());
            throw e;
        }
        return verified(total, digests.sha256Hex());
    }

    /** Completes the multipart upload once every part is stored and the digests match the source's. */
    ArchivedFile complete(long total, SourceDigests claims) {
        List<CompletedPart> parts = pipeline.awaitAll();
        String uploadId = pipeline.uploadId();
        String sha256 = null;
        if (!readBack) {
            if (pipeline.digests().bytes() != total) {
                throw new IllegalStateException("hashed " + pipeline.digests().bytes() + " of the " + total
                        + " bytes of " + file.key());
            }
            pipeline.digests().check(claims, file.key());
            sha256 = pipeline.digests().sha256Hex();
        }
        manager.journal().completing(uploadId);
        boolean completedUnseen = false;
        try {
            manager.writer().complete(file.key(), uploadId, parts);
        } catch (S3Exception e) {
            completedUnseen = completedUnseen(e, total, uploadId);
        }
        manager.journal().finished(file.key());
        manager.digestStates().forget(uploadId);
        if (readBack || completedUnseen) {
            String stored = hashStored(claims);
            if (sha256 != null && !sha256.equals(stored)) {
                manager.writer().deleteQuietly(file.key());
                throw new ArchiveFailure.Transient("s3-unavailable", "completing the upload of " + file.key()
                        + " was answered NoSuchUpload/InvalidPart after a retry, and the object at the key is not the"
                        + " bytes sent (SHA-256 " + stored + ", sent " + sha256 + "): deleted, stored again");
            }
            sha256 = stored;
        }
        return verified(total, sha256);
    }

    /**
     * CompleteMultipartUpload answered NoSuchUpload (404) or InvalidPart (400): when the SDK retried a
     * completion whose first answer was lost (a 500 or a timeout while the store assembled a large
     * object), the store had completed it and its upload and parts are gone. True when an object of the
     * file's size is at the key (the caller then reads it back and checks it byte for byte); otherwise
     * the upload is lost (aborted meanwhile, a lifecycle rule): a transient failure, and the next attempt
     * starts a new upload. Any other answer is rethrown, to be classified as before.
     */
    private boolean completedUnseen(S3Exception e, long total, String uploadId) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (!"NoSuchUpload".equals(code) && !"InvalidPart".equals(code)) {
            throw e;
        }
        HeadObjectResponse head = manager.writer().head(file.key());
        Long stored = head == null ? null : head.contentLength();
        if (stored != null && stored == total) {
            LOG.warn("Completing the upload of {} was answered {} (the SDK retried it: the first answer was lost); an"
                    + " object of {} bytes is at the key: reading it back to check it", file.key(), code, total);
            return true;
        }
        manager.journal().finished(file.key());
        manager.digestStates().forget(uploadId);
        throw new ArchiveFailure.Transient("s3-unavailable", "completing the upload of " + file.key() + " was answered "
                + code + " and " + (stored == null ? "no object" : "an object of " + stored + " bytes") + " is at the"
                + " key: the upload is lost; the next attempt stores the file again", e);
    }

    private ArchivedFile verified(long total, String sha256) {
        ArchivedFile stored = new ArchivedFile(file.key(), total, sha256, file.contentType(), file.sourceFileName());
        manager.journal().verified(stored);
        return stored;
    }

    /**
     * Hashes the object as stored, in one stream: the transfer resumed after this process lost the
     * digest of the bytes stored before (a crash). An object that fails the source's digests is deleted.
     */
    private String hashStored(SourceDigests claims) {
        FileDigests digests = new FileDigests(claims);
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = manager.writer().client().getObject(b -> b.bucket(manager.writer().bucket())
                .key(file.key()))) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digests.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            digests.check(claims, file.key());
        } catch (ArchiveFailure e) {
            manager.writer().deleteQuietly(file.key());
            throw e;
        }
        return digests.sha256Hex();
    }

    /**
     * Ends an attempt that failed: the parts in flight are let finish (so the journal says exactly
     * what S3 holds); a transient failure (or one of this process's resources) keeps the upload and
     * the digest states for the next attempt, a final one aborts the upload.
     */
    ArchiveFailure stopped(Throwable e) {
        pipeline.drain();
        ArchiveFailure failure = classify(e);
        String uploadId = pipeline.uploadId();
        if (failure instanceof ArchiveFailure.Transient || failure instanceof ArchiveFailure.OutOfResources) {
            manager.digestStates().keep(uploadId, pipeline.boundaries());
        } else if (uploadId != null) {
            manager.writer().abortQuietly(file.key(), uploadId);
            manager.journal().finished(file.key());
            manager.digestStates().forget(uploadId);
        }
        return failure;
    }

    private ArchiveFailure classify(Throwable e) {
        if (e instanceof ArchiveFailure a) {
            return a;
        }
        if (e instanceof SdkException s) {
            return S3Errors.classify(s, "storing " + file.key());
        }
        if (e instanceof IOException io) {
            return TransferFailures.interrupted(file.key(), io);
        }
        if (e instanceof UncheckedIOException io) {
            return TransferFailures.interrupted(file.key(), io.getCause());
        }
        if (e instanceof OutOfMemoryError || e instanceof java.util.concurrent.RejectedExecutionException) {
            return TransferFailures.outOfResources(file.key(), e);
        }
        if (e instanceof IllegalStateException changed && changed.getMessage() != null
                && changed.getMessage().startsWith("the source's")) {
            return TransferFailures.sourceChanged(file.key(), changed.getMessage());
        }
        if (StateStore.unavailable(e)) {
            return TransferFailures.stateStoreUnavailable(file.key(), e);
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new ArchiveFailure("unexpected", "storing " + file.key() + " failed: " + e, e);
    }
}
