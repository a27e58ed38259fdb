package io.recordingarchiver.archive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

import io.recordingarchiver.dispatch.ArchivedFile;

/**
 * Every file of one recording to archive, in order (the recording file when it has one, each file
 * of a track recording, the audio-only file), and what was stored for each so far. The archive route
 * walks it with {@link #next()} and {@link #stored(ArchivedFile)}; the recording is complete, and
 * may be marked ARCHIVED, only once every file is stored. Used by one exchange at a time.
 */
public final class RecordingFiles {

    /** What a file is to its recording. */
    public enum Role { RECORDING, TRACK, AUDIO }

    /** One file to archive with its role and, for a track file, its layer (or null). */
    public record Entry(FileToArchive file, Role role, String layerName) {

        /** Checks that the file and role are set. */
        public Entry {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(role, "role");
        }
    }

    private final List<Entry> entries;
    private final List<ArchivedFile> stored = new ArrayList<>();
    private int current = -1;

    /** @throws IllegalArgumentException when there is nothing to archive */
    public RecordingFiles(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a recording to archive has at least one file");
        }
        this.entries = List.copyOf(entries);
    }

    /** The files, in order. */
    public List<Entry> getEntries() {
        return entries;
    }

    /** How many files the recording has. */
    public int getCount() {
        return entries.size();
    }

    /** True while a file is still to be stored. */
    public boolean isPending() {
        return stored.size() < entries.size();
    }

    /**
     * The next file to store; the same one again until {@link #stored} is called for it (a retry).
     *
     * @throws NoSuchElementException when every file is stored
     */
    public FileToArchive next() {
        if (!isPending()) {
            throw new NoSuchElementException("every file of the recording is stored");
        }
        current = stored.size();
        return entries.get(current).file();
    }

    /** True when the file {@link #next()} returned last is the audio-only file. */
    public boolean isCurrentAudio() {
        return current >= 0 && entries.get(current).role() == Role.AUDIO;
    }

    /**
     * Records what was stored for the file {@link #next()} returned last.
     *
     * @throws IllegalStateException when no file is being stored or the key differs from the file's
     */
    public void stored(ArchivedFile file) {
        if (current != stored.size() || file == null || !file.key().equals(entries.get(current).file().key())) {
            throw new IllegalStateException("the stored file is not the one being archived");
        }
        stored.add(file);
    }

    /** True when every file is stored. */
    public boolean isComplete() {
        return !isPending();
    }

    /**
     * The main stored file: the recording file, else (a track recording) the first track file; what
     * the ledger and the extension points call "recording".
     *
     * @throws IllegalStateException before every file is stored
     */
    public ArchivedFile getRecording() {
        requireComplete();
        ArchivedFile main = first(Role.RECORDING);
        return main != null ? main : first(Role.TRACK);
    }

    /** The stored recording file, or null for a track recording. */
    public ArchivedFile getRecordingFile() {
        requireComplete();
        return first(Role.RECORDING);
    }

    /** The stored audio-only file, or null when there is none. */
    public ArchivedFile getAudio() {
        requireComplete();
        return first(Role.AUDIO);
    }

    /** The stored track files with their layers, in order; empty for a composite recording. */
    public List<StoredTrack> getTracks() {
        requireComplete();
        List<StoredTrack> tracks = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).role() == Role.TRACK) {
                tracks.add(new StoredTrack(entries.get(i).layerName(), stored.get(i)));
            }
        }
        return Collections.unmodifiableList(tracks);
    }

    /** A stored track file and its layer (or null). */
    public record StoredTrack(String layerName, ArchivedFile file) {
    }

    private ArchivedFile first(Role role) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).role() == role) {
                return stored.get(i);
            }
        }
        return null;
    }

    private void requireComplete() {
        if (!isComplete()) {
            throw new IllegalStateException("not every file of the recording is stored yet");
        }
    }

    @Override
    public String toString() {
        return "RecordingFiles[" + stored.size() + "/" + entries.size() + " stored]";
    }
}
