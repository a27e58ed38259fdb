package io.recordingarchiver.testkit;

/** A registered file together with its traffic counters and injected faults. */
record ServedFile(RecordingFile file, FileTraffic traffic, FileFaults faults) {

    ServedFile(RecordingFile file) {
        this(file, new FileTraffic(), new FileFaults());
    }
}
