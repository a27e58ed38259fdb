package io.recordingarchiver.transfer;

import java.util.ArrayList;
import java.util.List;

import io.recordingarchiver.archive.FileToArchive;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Where an interrupted upload of a file stopped: its id, its part size, the parts stored one after
 * another from the first (all full-size, none the file's last), the bytes they hold, and the
 * whole file's size as the source gave it when the upload started (null when unknown).
 */
public record ResumePoint(String uploadId, long partSize, List<CompletedPart> parts, long offset, Long sourceSize) {

    /**
     * The resume point a journal entry gives for the file, or null when nothing can be resumed
     * (no full part stored from the first on).
     */
    static ResumePoint of(TransferJournal.Entry entry, FileToArchive file) {
        Long total = file.expectedSize() != null ? file.expectedSize() : entry.sourceSize();
        List<CompletedPart> parts = new ArrayList<>();
        long offset = 0;
        for (TransferJournal.StoredPart part : entry.parts()) {
            boolean lastOfFile = total != null && offset + part.size() >= total;
            if (part.number() != parts.size() + 1 || part.size() != entry.partSize() || lastOfFile) {
                break;
            }
            parts.add(CompletedPart.builder().partNumber(part.number()).eTag(part.etag()).build());
            offset += part.size();
        }
        return parts.isEmpty() ? null : new ResumePoint(entry.uploadId(), entry.partSize(), List.copyOf(parts), offset,
                entry.sourceSize());
    }

    /** The number of the next part to store. */
    int nextPart() {
        return parts.size() + 1;
    }
}
