package io.recordingarchiver.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.recordingarchiver.event.TrackLink;
import io.recordingarchiver.Redaction;
import io.recordingarchiver.event.RecordingLinks;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.FileNames;
import io.recordingarchiver.dispatch.ArchivedFile;

/**
 * The decisions of the archive route for one recording: is its link fresh enough, which files go
 * to which keys with which metadata, and the manifest and error
 * report that describe the outcome.
 */
public class ArchivePlan {

    private final ArchiveKeys keys;
    private final Duration expiryMargin;
    private final Clock clock;

    public ArchivePlan(ArchiveKeys keys, Duration expiryMargin) {
        this(keys, expiryMargin, Clock.systemUTC());
    }

    ArchivePlan(ArchiveKeys keys, Duration expiryMargin, Clock clock) {
        this.keys = keys;
        this.expiryMargin = expiryMargin;
        this.clock = clock;
    }

    /** True when the download link expires before now plus the margin (an unknown expiry is trusted). */
    public boolean linkNeedsRefresh(RecordingEvent event) {
        Instant expiry = event.downloadUrlExpiry();
        return expiry != null && expiry.isBefore(clock.instant().plus(expiryMargin));
    }

    /**
     * The event with the links of the REST API's answer for the recording, or unchanged when the
     * answer has none. A 429 is transient and carries the answer's {@code retry-after}
     * ({@link ApiThrottled}); a 5xx is transient; other refusals leave the old link, which the route
     * then reports as expired.
     */
    public RecordingEvent refreshed(RecordingEvent event, Integer httpStatus, String retryAfter, String body) {
        int code = httpStatus == null ? 0 : httpStatus;
        if (code == 429) {
            throw new ApiThrottled("api-unavailable",
                    "the RealtimeKit API answered 429 to the link refresh of " + event.recordingId(), retryAfter);
        }
        if (code >= 500) {
            throw new ArchiveFailure.Transient("api-unavailable",
                    "the RealtimeKit API answered " + code + " to the link refresh of " + event.recordingId());
        }
        if (code != 200) {
            return event;
        }
        RecordingLinks links;
        try {
            links = RecordingLinks.fromRestResponse(body);
        } catch (IllegalArgumentException e) {
            return event;
        }
        if (!links.hasLinks()) {
            return event;
        }
        return event.withDownloadLinks(links.downloadUrl(), links.audioDownloadUrl(), links.expiry(), links.tracks());
    }

    /**
     * Every file of the recording, in the order they are stored: the recording file (when it has a
     * link), each file of a track recording (the array form of {@code downloadUrl}, under its own
     * sanitised name next to the recording), the audio-only file. A track file whose name would
     * take the key of another file of the recording or of the manifest gets {@code track-{n}-}
     * before its name.
     *
     * @throws IllegalArgumentException when the recording has nothing to fetch
     */
    public RecordingFiles files(RecordingEvent event) {
        List<RecordingFiles.Entry> entries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        keys.add(keys().manifestKey(event));
        if (event.downloadUrl() != null) {
            FileToArchive recording = recordingFile(event);
            entries.add(new RecordingFiles.Entry(recording, RecordingFiles.Role.RECORDING, null));
            keys.add(recording.key());
        }
        FileToArchive audio = audioFile(event);
        if (audio != null) {
            keys.add(audio.key());
        }
        List<TrackLink> tracks = event.trackLinks();
        for (int i = 0; i < tracks.size(); i++) {
            TrackLink track = tracks.get(i);
            String key = keys().trackKey(event, track.fileName(), i);
            if (!keys.add(key)) {
                key = keys().trackKey(event, "track-" + (i + 1) + "-" + FileNames.sanitise(track.fileName()), i);
                keys.add(key);
            }
            entries.add(new RecordingFiles.Entry(new FileToArchive(track.url(), key, null, metadata(event),
                    Manifest.contentTypeFor(key), track.fileName()), RecordingFiles.Role.TRACK, track.layerName()));
        }
        if (audio != null) {
            entries.add(new RecordingFiles.Entry(audio, RecordingFiles.Role.AUDIO, null));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("recording " + event.recordingId() + " has no file to fetch");
        }
        return new RecordingFiles(entries);
    }

    /** The next file of the recording to store (see {@link RecordingFiles#next()}). */
    public FileToArchive nextFile(RecordingFiles files) {
        return files.next();
    }

    /** Records the file just stored (see {@link RecordingFiles#stored}). */
    public void fileStored(RecordingFiles files, ArchivedFile stored) {
        files.stored(stored);
    }

    private ArchiveKeys keys() {
        return keys;
    }

    /** The recording file: its key from the template, and the ids and session as user metadata. */
    public FileToArchive recordingFile(RecordingEvent event) {
        return new FileToArchive(event.downloadUrl(), keys.recordingKey(event), event.fileSize(), metadata(event),
                Manifest.contentTypeFor(event.outputFileName()), event.rawOutputFileName());
    }

    /** The audio-only file beside the recording, or null when RealtimeKit made none. */
    public FileToArchive audioFile(RecordingEvent event) {
        if (event.audioDownloadUrl() == null) {
            return null;
        }
        String key = keys.audioKey(event);
        return new FileToArchive(event.audioDownloadUrl(), key, null, metadata(event),
                Manifest.contentTypeFor(key), fileName(Redaction.url(event.audioDownloadUrl())));
    }

    /** Where every recording key starts: what the sweep of abandoned uploads looks under. */
    public String uploadPrefix() {
        return keys.fixedPrefix();
    }

    public String manifestKey(RecordingEvent event) {
        return keys.manifestKey(event);
    }

    public String errorKey(RecordingEvent event) {
        return keys.errorKey(event);
    }

    public byte[] manifest(RecordingEvent event, ArchivedFile recording, ArchivedFile audio) {
        return Manifest.toBytes(Manifest.archived(event, recording, audio, clock.instant()));
    }

    /**
     * The manifest of a recording whose files are all stored: recording, audio and track files.
     *
     * @throws IllegalStateException when a file is not stored yet
     */
    public byte[] manifest(RecordingEvent event, RecordingFiles files) {
        return Manifest.toBytes(Manifest.archived(event, files, clock.instant()));
    }

    public byte[] errorReport(RecordingEvent event, String reason) {
        return Manifest.toBytes(Manifest.errored(event, reason, clock.instant()));
    }

    /**
     * The reason code of a failure: that of the {@link ArchiveFailure} it is or wraps (Camel wraps
     * what a bean expression throws), else {@code unexpected}.
     */
    public String reasonOf(Throwable failure) {
        ArchiveFailure archiveFailure = archiveFailureIn(failure);
        return archiveFailure == null ? "unexpected" : archiveFailure.getReason();
    }

    /** A failure's message, redacted, for the ledger and the logs: the innermost archive failure's own. */
    public String describe(Throwable failure) {
        Throwable described = archiveFailureIn(failure) != null ? archiveFailureIn(failure) : rootOf(failure);
        if (described == null) {
            return "";
        }
        String message = described.getMessage() == null ? "" : ": " + described.getMessage();
        return Redaction.text(described.getClass().getSimpleName() + message);
    }

    private static ArchiveFailure archiveFailureIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ArchiveFailure a) {
                return a;
            }
        }
        return null;
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable root = failure;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static Map<String, String> metadata(RecordingEvent event) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("recording-id", event.recordingId());
        putIfPresent(metadata, "meeting-id", event.meetingId());
        putIfPresent(metadata, "session-id", event.sessionId());
        return metadata;
    }

    private static void putIfPresent(Map<String, String> metadata, String key, String value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }

    private static String fileName(String url) {
        int slash = url.lastIndexOf('/');
        return slash < 0 ? url : url.substring(slash + 1);
    }
}
