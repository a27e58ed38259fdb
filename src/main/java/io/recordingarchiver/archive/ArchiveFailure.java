package io.recordingarchiver.archive;

import io.recordingarchiver.Redaction;

/**
 * A recording that cannot be archived now, with a short machine-readable reason
 * ({@code size-mismatch}, {@code link-expired}, {@code download-refused}, ...) and a message that is
 * safe to log and to store: it never carries a presigned URL, a token or a key.
 *
 * <p>{@link Transient} failures (a 5xx, a timeout, S3 unreachable) are worth retrying with backoff;
 * the others are final for this attempt and mark the recording FAILED.
 */
public class ArchiveFailure extends RuntimeException {

    private final String reason;

    public ArchiveFailure(String reason, String message) {
        this(reason, message, null);
    }

    public ArchiveFailure(String reason, String message, Throwable cause) {
        super(Redaction.text(message), cause, false, false);
        this.reason = reason;
    }

    /** The short reason code stored with the recording. */
    public String getReason() {
        return reason;
    }

    /** A failure that a later attempt may not meet: redelivered with backoff. */
    public static class Transient extends ArchiveFailure {

        public Transient(String reason, String message) {
            super(reason, message, null);
        }

        public Transient(String reason, String message, Throwable cause) {
            super(reason, message, cause);
        }
    }

    /**
     * This process no longer holds the recording's claim: its lease ran out while it was slow, and
     * another worker took the recording over. The attempt stops at once without touching the upload
     * (the new holder resumes it) nor the recording's state; it is not retried.
     */
    public static class ClaimLost extends Transient {

        public ClaimLost(String message) {
            super("claim-lost", message, null);
        }
    }

    /**
     * The process ran short of its own resources (heap, a thread pool, local disk) while archiving:
     * nothing is wrong with the recording. Never a final FAILED: the delivery goes back to the
     * queue and the recording is tried again later.
     */
    public static class OutOfResources extends ArchiveFailure {

        public OutOfResources(String message, Throwable cause) {
            super("out-of-resources", message, cause);
        }
    }
}
