package io.recordingarchiver.transfer;

import io.recordingarchiver.archive.ArchiveFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How an S3 failure counts: throttling (429, 503 SlowDown), 408, 5xx and client-side failures are transient; other answers are final. */
public final class S3Errors {

    private S3Errors() {
    }

    /**
     * @param doing what was being done, for the message (e.g. "storing recordings/a.mp4")
     * @return {@code s3-rejected} (final) or a transient {@code s3-unavailable}
     */
    public static ArchiveFailure classify(SdkException e, String doing) {
        String message = doing + " in S3 failed: " + e.getMessage();
        if (e instanceof S3Exception s3e && s3e.statusCode() < 500 && s3e.statusCode() != 429
                && s3e.statusCode() != 408) {
            return new ArchiveFailure("s3-rejected", message, e);
        }
        return new ArchiveFailure.Transient("s3-unavailable", message, e);
    }
}
