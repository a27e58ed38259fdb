package io.recordingarchiver.testkit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The recordings the REST API knows; looked up by their current id, which tests may change. */
final class RecordingRegistry {

    private final List<StandInRecording> recordings = new CopyOnWriteArrayList<>();

    void add(StandInRecording recording) {
        recordings.add(recording);
    }

    Optional<StandInRecording> find(String id) {
        return recordings.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    StandInRecording require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no recording registered as " + id));
    }

    List<StandInRecording> all() {
        return List.copyOf(recordings);
    }
}
