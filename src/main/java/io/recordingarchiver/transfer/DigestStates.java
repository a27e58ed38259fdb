package io.recordingarchiver.transfer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The digest states of uploads interrupted in this process, by upload id and part count, so that
 * the next attempt hashes on from its resume point instead of reading the stored bytes back.
 * Bounded: the oldest are forgotten first (their transfer then reads back once it completes).
 */
final class DigestStates {

    private static final int MAX_UPLOADS = 64;

    private final Map<String, Map<Integer, FileDigests>> byUpload = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<Integer, FileDigests>> eldest) {
            return size() > MAX_UPLOADS;
        }
    };

    synchronized void keep(String uploadId, Map<Integer, FileDigests> states) {
        if (uploadId != null && !states.isEmpty()) {
            byUpload.put(uploadId, Map.copyOf(states));
        }
    }

    /** The state after {@code parts} whole parts of the upload, or null; a copy, to hash on from. */
    synchronized FileDigests after(String uploadId, int parts) {
        Map<Integer, FileDigests> states = byUpload.get(uploadId);
        FileDigests state = states == null ? null : states.get(parts);
        return state == null ? null : state.copy();
    }

    synchronized void forget(String uploadId) {
        byUpload.remove(uploadId);
    }
}
