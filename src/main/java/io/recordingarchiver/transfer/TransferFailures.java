package io.recordingarchiver.transfer;

import io.recordingarchiver.archive.ArchiveFailure;

/** The failures a transfer reports, with messages that say which side disagreed with which number. */
final class TransferFailures {

    private TransferFailures() {
    }

    /** The process's own resources ran out: the recording is retried later, never FAILED for it. */
    static ArchiveFailure outOfResources(String key, Throwable cause) {
        return new ArchiveFailure.OutOfResources("this process ran short of " + what(cause) + " while storing " + key
                + "; the recording goes back to the queue", cause);
    }

    /**
     * {@code size-mismatch}: {@code side} (e.g. "the bytes received") gave {@code actual} where
     * {@code otherSide} (e.g. "RealtimeKit's announced fileSize") says {@code expected}.
     */
    static ArchiveFailure sizeMismatch(String key, String side, String actual, String otherSide, long expected) {
        return new ArchiveFailure("size-mismatch", "the download for " + key + ": " + side + " (" + actual
                + ") disagrees with " + otherSide + " (" + expected + ")");
    }

    /** {@code state-store-unavailable}: transient, the journal could not be written; the next attempt resumes. */
    static ArchiveFailure stateStoreUnavailable(String key, Throwable cause) {
        return new ArchiveFailure.Transient("state-store-unavailable", "the state store was unreachable while storing "
                + key + " (" + cause.getClass().getSimpleName() + "); the upload is kept for the next attempt", cause);
    }

    /** {@code download-interrupted}: transient, the next attempt resumes. */
    static ArchiveFailure interrupted(String key, Exception e) {
        return new ArchiveFailure.Transient("download-interrupted",
                "reading the recording for " + key + " failed: " + e.getMessage(), e);
    }

    /** {@code source-changed}: two answers of one transfer describe different files. */
    static ArchiveFailure sourceChanged(String key, String why) {
        return new ArchiveFailure("source-changed", "the source of " + key + " changed during the transfer: " + why);
    }

    /** {@code source-answer-invalid}: an answer that cannot be the file asked for. */
    static ArchiveFailure invalidAnswer(String key, String why) {
        return new ArchiveFailure("source-answer-invalid", "the download for " + key + ": " + why);
    }

    private static String what(Throwable cause) {
        if (cause instanceof OutOfMemoryError) {
            return "memory (" + cause.getMessage() + ")";
        }
        if (cause instanceof java.util.concurrent.RejectedExecutionException) {
            return "threads";
        }
        return "local resources (" + cause.getClass().getSimpleName() + ")";
    }
}
