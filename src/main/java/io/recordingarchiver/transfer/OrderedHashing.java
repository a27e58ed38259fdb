package io.recordingarchiver.transfer;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hashing side of a {@link PartPipeline}: parts arrive filled in any order (ranged reads on
 * several connections) and are hashed strictly in order, each by whichever thread finds it next in
 * line, outside the lock, so reads and uploads of other parts never wait for the hash. The digest
 * state at each whole-part boundary is kept, so that a transfer resumed in this process hashes on from
 * its resume point; states before the stored frontier are dropped.
 */
final class OrderedHashing {

    private final FileDigests digests;
    private final int partSize;
    private final TreeMap<Integer, Part> waiting = new TreeMap<>();
    private final Map<Integer, FileDigests> boundaries = new HashMap<>();
    private int next;
    private boolean hashing;
    private boolean stopped;
    private int keepFrom;

    /** @param firstPart the number of the first part to be hashed (the one after the resume point) */
    OrderedHashing(FileDigests digests, int partSize, int firstPart) {
        this.digests = digests;
        this.partSize = partSize;
        this.next = firstPart;
    }

    FileDigests digests() {
        return digests;
    }

    /**
     * Queues the part for hashing; {@link Part#jobDone()} is called once it is hashed. If it is next
     * in line, this thread hashes it and every part ready after it.
     */
    void hash(Part part) {
        synchronized (waiting) {
            if (stopped) {
                part.jobDone();
                return;
            }
            waiting.put(part.number, part);
            if (hashing) {
                return;
            }
            hashing = true;
        }
        while (true) {
            Part ready;
            synchronized (waiting) {
                if (waiting.isEmpty() || waiting.firstKey() != next) {
                    hashing = false;
                    return;
                }
                ready = waiting.pollFirstEntry().getValue();
            }
            digests.update(ready.buffer, 0, ready.length);
            synchronized (boundaries) {
                if (ready.length == partSize) {
                    boundaries.put(ready.number, digests.copy());
                }
                boundaries.keySet().removeIf(n -> n < keepFrom);
            }
            synchronized (waiting) {
                next++;
            }
            ready.jobDone();
        }
    }

    /** Boundary states before {@code part} are no longer needed (every part up to it is stored). */
    void keepFrom(int part) {
        synchronized (boundaries) {
            keepFrom = Math.max(keepFrom, part);
        }
    }

    /** The digest states at the part boundaries kept (by whole parts from the first). */
    Map<Integer, FileDigests> boundaries() {
        synchronized (boundaries) {
            return new HashMap<>(boundaries);
        }
    }

    /** Hashes no more: lets go of the parts waiting for their turn, and of any that arrive later. */
    void stop() {
        synchronized (waiting) {
            stopped = true;
            waiting.values().forEach(Part::jobDone);
            waiting.clear();
        }
    }
}
