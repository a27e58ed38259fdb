package io.recordingarchiver.transfer;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.recordingarchiver.dispatch.ArchivedFile;
import io.recordingarchiver.archive.FileToArchive;
import io.recordingarchiver.Redaction;

/** A journal in memory, enough to resume within one test (the state store's is tested in ClaimFencing*). */
final class MemoryJournal implements TransferJournal {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, ArchivedFile> verified = new ConcurrentHashMap<>();
    /** Keys whose recording the test has marked ARCHIVED (the state store's recording table, in short). */
    private final Set<String> archivedKeys = ConcurrentHashMap.newKeySet();

    /** Marks the recording of {@code key} ARCHIVED. */
    void recordingArchived(String key) {
        archivedKeys.add(key);
    }

    @Override
    public void started(FileToArchive file, String uploadId, long partSize, Long sourceSize) {
        entries.put(file.key(), new Entry(file.key(), uploadId, partSize, Redaction.url(file.url()),
                System.currentTimeMillis(), new CopyOnWriteArrayList<>(), sourceSize));
    }

    @Override
    public void partStored(String uploadId, StoredPart part) {
        entries.values().stream().filter(e -> e.uploadId().equals(uploadId)).forEach(e -> {
            e.parts().add(part);
            e.parts().sort(Comparator.comparingInt(StoredPart::number));
        });
    }

    @Override
    public void finished(String key) {
        entries.remove(key);
    }

    @Override
    public Entry find(String key) {
        return entries.get(key);
    }

    @Override
    public Set<String> uploadIds() {
        return entries.values().stream().map(Entry::uploadId).collect(Collectors.toSet());
    }

    @Override
    public List<Entry> startedBefore(long epochMillis) {
        return entries.values().stream().filter(e -> e.startedAt() < epochMillis).toList();
    }

    @Override
    public List<Entry> ofArchivedRecordings(long epochMillis) {
        return startedBefore(epochMillis).stream().filter(e -> archivedKeys.contains(e.key())).toList();
    }

    @Override
    public void verified(ArchivedFile file) {
        verified.put(file.key(), file);
    }

    @Override
    public ArchivedFile verifiedFile(String key) {
        return verified.get(key);
    }
}
