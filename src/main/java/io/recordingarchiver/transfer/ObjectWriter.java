package io.recordingarchiver.transfer;

import java.io.ByteArrayInputStream;
import java.util.List;

import io.recordingarchiver.archive.FileToArchive;
import io.recordingarchiver.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The S3 writes of a transfer, each request built in exactly one method here
 * ({@link #createRequest}, {@link #partRequest}, {@link #putRequest}) so that what every upload
 * carries (content type, the ids as user metadata; storage settings later) is decided in one place.
 * Bodies are read from the part buffer without a copy; the SDK may read them again to retry.
 */
public final class ObjectWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectWriter.class);

    private final S3Client s3;
    private final String bucket;

    public ObjectWriter(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    public S3Client client() {
        return s3;
    }

    /** The CreateMultipartUpload request of a file: content type and the ids as metadata. */
    CreateMultipartUploadRequest createRequest(FileToArchive file) {
        return CreateMultipartUploadRequest.builder().bucket(bucket).key(file.key())
                .contentType(file.contentType()).metadata(file.metadata()).build();
    }

    /** The UploadPart request of one part. */
    UploadPartRequest partRequest(FileToArchive file, String uploadId, int number, int length) {
        return UploadPartRequest.builder().bucket(bucket).key(file.key()).uploadId(uploadId).partNumber(number)
                .contentLength((long) length).build();
    }

    /** The PutObject request of a file small enough for one request. */
    PutObjectRequest putRequest(FileToArchive file, int length) {
        return PutObjectRequest.builder().bucket(bucket).key(file.key()).contentType(file.contentType())
                .metadata(file.metadata()).contentLength((long) length).build();
    }

    /** Starts a multipart upload; returns its id. */
    String create(FileToArchive file) {
        return s3.createMultipartUpload(createRequest(file)).uploadId();
    }

    /** Stores one part; returns its ETag. */
    String uploadPart(FileToArchive file, String uploadId, int number, byte[] buffer, int length) {
        return s3.uploadPart(partRequest(file, uploadId, number, length), body(buffer, length)).eTag();
    }

    /** Stores a whole small file in one request. */
    void put(FileToArchive file, byte[] buffer, int length) {
        s3.putObject(putRequest(file, length), body(buffer, length));
    }

    void complete(String key, String uploadId, List<CompletedPart> parts) {
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    }

    /** The object's head, or null when there is no object at the key (HEAD answered 404). */
    HeadObjectResponse head(String key) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw S3Errors.classify(e, "reading the head of " + key);
        } catch (SdkException e) {
            throw S3Errors.classify(e, "reading the head of " + key);
        }
    }

    /** Aborts an upload, logging (not throwing) when S3 cannot be told now. */
    void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warn("Could not abort the unfinished upload of {}: {}", key, Redaction.text(e.getMessage()));
        }
    }

    /** Deletes an object that must not stay (it failed its check after completion). */
    void deleteQuietly(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            LOG.warn("Could not delete {}: {}", key, Redaction.text(e.getMessage()));
        }
    }

    /**
     * The ids of the unfinished multipart uploads of exactly {@code key} (a lifecycle rule may have
     * aborted the one the journal names; a kill between starting an upload and noting it down leaves
     * one no journal names).
     */
    List<String> unfinishedUploads(String key) {
        try {
            return s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(key)).uploads().stream()
                    .filter(upload -> upload.key().equals(key)).map(MultipartUpload::uploadId).toList();
        } catch (SdkException e) {
            throw S3Errors.classify(e, "looking up the unfinished uploads of " + key);
        }
    }

    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }
}
