package io.recordingarchiver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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
        if (links.downloadUrl() == null) {
            return event;
        }
        return event.withDownloadLinks(links.downloadUrl(), links.audioDownloadUrl(), links.expiry());
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
