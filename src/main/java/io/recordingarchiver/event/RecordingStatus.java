package io.recordingarchiver.event;

import java.util.Map;

/**
 * RealtimeKit's recording lifecycle and the one rule the archiver keeps about it: a recording never
 * moves backwards. INVOKED, then RECORDING (or PAUSED, back and forth), then UPLOADING, then one of
 * the terminal UPLOADED or ERRORED. A status RealtimeKit adds later is kept and reported, but never
 * moves a recording.
 */
public final class RecordingStatus {

    public static final String UPLOADED = "UPLOADED";
    public static final String ERRORED = "ERRORED";

    private static final Map<String, Integer> RANKS = Map.of(
            "INVOKED", 1,
            "RECORDING", 2,
            "PAUSED", 2,
            "UPLOADING", 3,
            UPLOADED, 4,
            ERRORED, 4);

    private RecordingStatus() {
    }

    public static boolean isKnown(String status) {
        return RANKS.containsKey(status);
    }

    public static boolean isTerminal(String status) {
        return UPLOADED.equals(status) || ERRORED.equals(status);
    }

    /**
     * The status a recording has after {@code next} arrives while it is {@code current}
     * ({@code null} when the recording is new).
     */
    public static String next(String current, String next) {
        if (current == null) {
            return next;
        }
        if (!isKnown(next) || isTerminal(current)) {
            return current;
        }
        return !isKnown(current) || RANKS.get(next) >= RANKS.get(current) ? next : current;
    }

    /** True when {@code next} arrives after the recording already moved past it. */
    public static boolean isLate(String current, String next) {
        return current != null && isKnown(next) && !next.equals(current) && next(current, next).equals(current);
    }
}
