package io.recordingarchiver.transfer;

import java.util.List;
import java.util.Set;
import io.recordingarchiver.archive.FileToArchive;
import io.recordingarchiver.dispatch.ArchivedFile;

/**
 * Where the transfer ({@link io.recordingarchiver.transfer.FileTransfer}) writes down each multipart upload it starts and each part it has
 * stored, so that a transfer cut by a network failure or a crash resumes from the last part stored
 * instead of downloading the whole recording again.
 */
public interface TransferJournal {

    /** A part stored in S3 under an upload. */
    record StoredPart(int number, String etag, long size) {
    }

    /**
     * What the journal knows of an unfinished upload; {@code sourceSize} is the whole file's size as
     * the source gave it when the upload started (null when unknown), so a resumed answer is checked
     * against it even for a file RealtimeKit announced no size for.
     */
    record Entry(String key, String uploadId, long partSize, String source, long startedAt, List<StoredPart> parts,
            Long sourceSize) {
    }

    /** An upload started, the source's size unknown. */
    default void started(FileToArchive file, String uploadId, long partSize) {
        started(file, uploadId, partSize, null);
    }

    /** An upload started for a file the source says is {@code sourceSize} bytes (null: unknown). */
    void started(FileToArchive file, String uploadId, long partSize, Long sourceSize);

    /**
     * A file was stored and verified (size and SHA-256 over exactly the stored bytes): remembered, so
     * a later attempt for the same recording (the audio failed, say) does not fetch it again.
     */
    default void verified(ArchivedFile file) {
    }

    /** The verified file stored at {@code key}, as remembered, or null. */
    default ArchivedFile verifiedFile(String key) {
        return null;
    }

    /**
     * A part is stored: noted down, and the lease of the recording's claim extended.
     *
     * @throws ArchiveFailure.ClaimLost when another worker took the recording over meanwhile
     */
    void partStored(String uploadId, StoredPart part);

    /**
     * The upload is about to be completed: confirms that this process still holds the recording's
     * claim (and extends its lease), else throws {@link ArchiveFailure.ClaimLost}.
     */
    default void completing(String uploadId) {
    }

    /** The upload of {@code key} was completed or aborted: forget it. */
    void finished(String key);

    /** The unfinished upload of {@code key}, or null. */
    Entry find(String key);

    /** The ids of every unfinished upload the journal knows. */
    Set<String> uploadIds();

    /** Unfinished uploads started before {@code epochMillis}. */
    List<Entry> startedBefore(long epochMillis);

    /**
     * Unfinished uploads started before {@code epochMillis} whose recording is ARCHIVED: no transfer
     * resumes them any more (a worker that lost its claim to a slow gap between parts started one and
     * the new holder finished with its own; seen in the default chaos soak). A journal that does not
     * know the recordings' states has none.
     */
    default List<Entry> ofArchivedRecordings(long epochMillis) {
        return List.of();
    }

    /** A journal that remembers nothing: every interrupted transfer starts again from the beginning. */
    TransferJournal NONE = new TransferJournal() {
        @Override
        public void started(FileToArchive file, String uploadId, long partSize, Long sourceSize) {
        }

        @Override
        public void partStored(String uploadId, StoredPart part) {
        }

        @Override
        public void finished(String key) {
        }

        @Override
        public Entry find(String key) {
            return null;
        }

        @Override
        public Set<String> uploadIds() {
            return Set.of();
        }

        @Override
        public List<Entry> startedBefore(long epochMillis) {
            return List.of();
        }
    };
}
