package io.recordingarchiver.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The files the stand-in serves, by name. */
final class FileCatalog {

    private final Map<String, ServedFile> files = new ConcurrentHashMap<>();

    RecordingFile add(String name, long size, long seed) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("a file name must be one non-empty path segment: " + name);
        }
        RecordingFile file = new RecordingFile(name, size, seed);
        if (files.putIfAbsent(name, new ServedFile(file)) != null) {
            throw new IllegalArgumentException("file already registered: " + name);
        }
        return file;
    }

    Optional<ServedFile> find(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /** The registered file of that name; an unknown name is a mistake in the test. */
    ServedFile require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no file registered as " + name));
    }
}
