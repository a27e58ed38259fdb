package io.recordingarchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.recordingarchiver.dispatch.ArchivedFile;
import org.junit.jupiter.api.Test;

class RecordingFilesTest {

    private static final FileToArchive ALICE = file("f/alice.webm");
    private static final FileToArchive BOB = file("f/bob.webm");
    private static final FileToArchive AUDIO = file("f/audio.mp3");

    @Test
    void walksEveryFileAndIsCompleteOnlyOnceAllAreStored() {
        RecordingFiles files = new RecordingFiles(List.of(
                new RecordingFiles.Entry(ALICE, RecordingFiles.Role.TRACK, "video"),
                new RecordingFiles.Entry(BOB, RecordingFiles.Role.TRACK, "screen"),
                new RecordingFiles.Entry(AUDIO, RecordingFiles.Role.AUDIO, null)));

        assertThat(files.next()).isEqualTo(ALICE);
        assertThat(files.next()).as("a retry gets the same file").isEqualTo(ALICE);
        files.stored(stored(ALICE));
        assertThat(files.isComplete()).isFalse();
        assertThatThrownBy(files::getRecording).isInstanceOf(IllegalStateException.class);
        assertThat(files.next()).isEqualTo(BOB);
        files.stored(stored(BOB));
        assertThat(files.next()).isEqualTo(AUDIO);
        assertThat(files.isCurrentAudio()).isTrue();
        files.stored(stored(AUDIO));

        assertThat(files.isPending()).isFalse();
        assertThat(files.getRecording().key()).isEqualTo("f/alice.webm");
        assertThat(files.getRecordingFile()).isNull();
        assertThat(files.getAudio().key()).isEqualTo("f/audio.mp3");
        assertThat(files.getTracks()).extracting(RecordingFiles.StoredTrack::layerName).containsExactly("video", "screen");
        assertThatThrownBy(files::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void refusesAStoredFileThatIsNotTheOneBeingArchived() {
        RecordingFiles files = new RecordingFiles(List.of(new RecordingFiles.Entry(ALICE, RecordingFiles.Role.RECORDING, null)));

        assertThatThrownBy(() -> files.stored(stored(ALICE))).isInstanceOf(IllegalStateException.class);
        files.next();
        assertThatThrownBy(() -> files.stored(stored(BOB))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> files.stored(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRecordingHasAtLeastOneFile() {
        assertThatThrownBy(() -> new RecordingFiles(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static FileToArchive file(String key) {
        return new FileToArchive("https://b.example/" + key + "?sig=1", key, null, Map.of(), "video/webm", key);
    }

    private static ArchivedFile stored(FileToArchive file) {
        return new ArchivedFile(file.key(), 10, "ab", file.contentType(), file.sourceFileName());
    }
}
