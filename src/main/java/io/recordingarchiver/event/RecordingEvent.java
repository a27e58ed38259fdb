package io.recordingarchiver.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;


/**
 * One validated RealtimeKit webhook delivery. Only {@code recording.statusUpdate} is read in
 * full; for every other event type the recording accessors return null. Immutable: the payload
 * is never handed out, only copies of it.
 */
public final class RecordingEvent {

    /** The event type this archiver acts on. */
    public static final String RECORDING_STATUS_UPDATE = "recording.statusUpdate";

    /** Marks a webhook body synthesised from a REST recording rather than delivered. */
    private static final String REST_SOURCE = "rest-api";

    /** REST (snake_case) field to webhook {@code recording} (camelCase) field, copied as is. */
    private static final Map<String, String> REST_TO_WEBHOOK = Map.ofEntries(
            Map.entry("id", "id"),
            Map.entry("status", "status"),
            Map.entry("organization_id", "organizationId"),
            Map.entry("output_file_name", "outputFileName"),
            Map.entry("file_size", "fileSize"),
            Map.entry("download_url_expiry", "downloadUrlExpiry"),
            Map.entry("invoked_time", "invokedTime"),
            Map.entry("started_time", "startedTime"),
            Map.entry("stopped_time", "stoppedTime"),
            Map.entry("recording_duration", "recordingDuration"),
            Map.entry("start_reason", "startReason"),
            Map.entry("stop_reason", "stopReason"));

    private final String json;
    private final ObjectNode payload;
    private final String eventType;
    private final Recording recording;
    /** A track recording's files (the array form of {@code recording.downloadUrl}); empty otherwise. */
    private final List<TrackLink> tracks;
    private final String duplicateKey;

    private RecordingEvent(String json, StrictJson.Lenient parsed) {
        this.json = json;
        this.payload = parsed.object();
        this.duplicateKey = parsed.duplicateKey();
        this.eventType = Fields.nonBlankText(payload.get("event"));
        if (eventType == null) {
            throw new IntakeRejection(400, "the body has no event field");
        }
        this.recording = RECORDING_STATUS_UPDATE.equals(eventType) ? Recording.read(payload) : null;
        this.tracks = recording == null ? List.of() : readTracks(payload.path("recording").get("downloadUrl"));
    }

    private static List<TrackLink> readTracks(JsonNode downloadUrl) {
        try {
            return List.copyOf(TrackLinks.read(downloadUrl, "recording.downloadUrl"));
        } catch (IllegalArgumentException e) {
            throw new IntakeRejection(400, e.getMessage());
        }
    }

    /**
     * Parses and validates a webhook body exactly as received.
     *
     * @throws IntakeRejection 400 when the body is not UTF-8 or breaks the contract
     */
    public static RecordingEvent parse(byte[] body) {
        if (body == null) {
            throw new IntakeRejection(400, "the body is not a JSON object");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            return parse(text);
        } catch (CharacterCodingException e) {
            throw new IntakeRejection(400, "the body is not UTF-8 text");
        }
    }

    /**
     * Parses and validates a webhook body given as text. A key repeated in the body takes its last
     * value ({@link #duplicateKey()} names it).
     *
     * @throws IntakeRejection 400 when the body breaks the contract
     */
    public static RecordingEvent parse(String json) {
        if (json == null) {
            throw new IntakeRejection(400, "the body is not a JSON object");
        }
        return new RecordingEvent(json, StrictJson.readLenient(json));
    }

    /**
     * Builds the event a {@code recording.statusUpdate} webhook would carry for a recording object
     * of the REST API (snake_case), and validates it the same way. The meeting id is read from the
     * nested {@code meeting.id} of a list item (Cloudflare's SDK types, cloudflare-typescript
     * {@code src/resources/realtime-kit/recordings.ts}), else from a top-level {@code meeting_id}
     * (one docs example); the one-recording call carries neither. {@code download_audio_url} (an
     * older guide's name) is read when {@code audio_download_url} is absent. An array
     * {@code download_url} (a track recording) is kept as the array, whose files
     * {@link #trackLinks()} lists. The synthesised body carries {@code "source": "rest-api"}.
     *
     * @throws IllegalArgumentException when {@code data} is not a JSON object
     * @throws IntakeRejection 400 when the recording breaks the webhook contract
     */
    public static RecordingEvent fromRest(JsonNode data) {
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("the REST recording is not a JSON object");
        }
        ObjectNode body = StrictJson.MAPPER.createObjectNode();
        body.put("event", RECORDING_STATUS_UPDATE);
        body.put("source", REST_SOURCE);
        ObjectNode recording = body.putObject("recording");
        REST_TO_WEBHOOK.forEach((rest, webhook) -> {
            JsonNode value = data.get(rest);
            if (value != null && !value.isNull()) {
                recording.set(webhook, value.deepCopy());
            }
        });
        JsonNode nestedMeeting = data.path("meeting");
        String meetingId = Fields.nonBlankText(nestedMeeting.get("id"));
        putIfPresent(recording, "meetingId", meetingId != null ? meetingId : Fields.nonBlankText(data.get("meeting_id")));
        JsonNode downloadUrl = data.get("download_url");
        if (downloadUrl != null && downloadUrl.isArray()) {
            recording.set("downloadUrl", downloadUrl.deepCopy());
        } else {
            putIfPresent(recording, "downloadUrl", Fields.text(downloadUrl));
        }
        String audio = Fields.text(data.get("audio_download_url"));
        putIfPresent(recording, "audioDownloadUrl", audio != null ? audio : Fields.text(data.get("download_audio_url")));
        ObjectNode meeting = body.putObject("meeting");
        putIfPresent(meeting, "sessionId", Fields.text(data.get("session_id")));
        putIfPresent(meeting, "title", Fields.text(nestedMeeting.get("title")));
        return parse(StrictJson.write(body));
    }

    /**
     * A copy with fresh download links: the accessors, {@link #payload()} and {@link #json()} all
     * carry them. A null argument removes that field.
     *
     * @throws IllegalStateException when this is not a {@code recording.statusUpdate}
     * @throws IllegalArgumentException when a link is not an http(s) URL (the message has no URL)
     */
    public RecordingEvent withDownloadLinks(String downloadUrl, String audioDownloadUrl, Instant expiry) {
        return withDownloadLinks(downloadUrl, audioDownloadUrl, expiry, List.of());
    }

    /**
     * A copy with fresh download links, a track recording's files included: a non-empty
     * {@code tracks} replaces {@code recording.downloadUrl} with their array form (and
     * {@code downloadUrl} is then ignored).
     *
     * @throws IllegalStateException when this is not a {@code recording.statusUpdate}
     * @throws IllegalArgumentException when a link is not an http(s) URL (the message has no URL)
     */
    public RecordingEvent withDownloadLinks(String downloadUrl, String audioDownloadUrl, Instant expiry,
            List<TrackLink> tracks) {
        if (recording == null) {
            throw new IllegalStateException("only a recording.statusUpdate carries download links");
        }
        ObjectNode copy = payload.deepCopy();
        ObjectNode links = (ObjectNode) copy.get("recording");
        if (tracks != null && !tracks.isEmpty()) {
            links.set("downloadUrl", TrackLinks.toArray(tracks));
        } else {
            putOrRemove(links, "downloadUrl", downloadUrl);
        }
        putOrRemove(links, "audioDownloadUrl", audioDownloadUrl);
        putOrRemove(links, "downloadUrlExpiry", expiry == null ? null : expiry.toString());
        try {
            return parse(StrictJson.write(copy));
        } catch (IntakeRejection e) {
            throw new IllegalArgumentException(e.getReason());
        }
    }

    /** The {@code event} field, e.g. {@code recording.statusUpdate}. */
    public String eventType() {
        return eventType;
    }

    /**
     * The first key the body repeats (its last value was taken), as sent when it is a plain name,
     * else {@code "a key"}; null when no key is repeated.
     */
    public String duplicateKey() {
        return duplicateKey;
    }

    /** True for {@code recording.statusUpdate}, the only event whose recording fields are read. */
    public boolean isRecordingStatusUpdate() {
        return recording != null;
    }

    /**
     * The recording's id ({@code recording.id}, else {@code recording.recordingId}) as sent and
     * trimmed, a UUID in lower case. Not necessarily a UUID: see {@link ArchiveKeys#unusableId}.
     */
    public String recordingId() {
        return recording == null ? null : recording.id;
    }

    /** The meeting's id ({@code recording.meetingId}, else {@code meeting.id}), a UUID in lower case, or null. */
    public String meetingId() {
        return recording == null ? null : recording.meetingId;
    }

    /** The session's id ({@code meeting.sessionId}, else {@code recording.roomUUID}), a UUID in lower case, or null. */
    public String sessionId() {
        return recording == null ? null : recording.sessionId;
    }

    /** The organization's id ({@code recording.organizationId}, else {@code meeting.organizedBy.id}), a UUID in lower case, or null. */
    public String organizationId() {
        return recording == null ? null : recording.organizationId;
    }

    /** The meeting title as sent, or null. */
    public String meetingTitle() {
        return recording == null ? null : recording.meetingTitle;
    }

    /** The recording status in upper case; statuses unknown today are kept as sent. */
    public String status() {
        return recording == null ? null : recording.status;
    }

    /**
     * The file name, safe as one key segment: last path segment only, no control characters, no
     * {@code ..}, no leading dots, at most 200 characters; {@code {recordingId}.mp4} when nothing
     * usable was sent.
     */
    public String outputFileName() {
        return recording == null ? null : recording.outputFileName;
    }

    /** The file name exactly as sent, or null: never use it in a key or a path. */
    public String rawOutputFileName() {
        return recording == null ? null : recording.rawOutputFileName;
    }

    /** The announced size in bytes, or null when not sent yet. */
    public Long fileSize() {
        return recording == null ? null : recording.fileSize;
    }

    /** The recorded duration in whole seconds, or null. */
    public Long durationSeconds() {
        return recording == null ? null : recording.durationSeconds;
    }

    /** When recording started, or null when absent or unreadable. */
    public Instant startedTime() {
        return recording == null ? null : recording.startedTime;
    }

    /** When recording stopped, or null when absent or unreadable. */
    public Instant stoppedTime() {
        return recording == null ? null : recording.stoppedTime;
    }

    /** The presigned download URL, or null: a credential, pass it to {@link Redaction} before showing it. */
    public String downloadUrl() {
        return recording == null ? null : recording.downloadUrl;
    }

    /** The presigned audio-only download URL, or null: a credential like {@link #downloadUrl()}. */
    public String audioDownloadUrl() {
        return recording == null ? null : recording.audioDownloadUrl;
    }

    /** When the download URLs expire, or null. */
    public Instant downloadUrlExpiry() {
        return recording == null ? null : recording.downloadUrlExpiry;
    }

    /** The stop reason: a string as sent, an object as its JSON text, or null. */
    public String stopReason() {
        return recording == null ? null : recording.stopReason;
    }

    /**
     * A track recording's files, from the array form of {@code recording.downloadUrl}; empty for a
     * composite recording. Each URL is a credential like {@link #downloadUrl()}.
     */
    public List<TrackLink> trackLinks() {
        return tracks;
    }

    /** True when there is a recording file to fetch: the recording's link or a track recording's files. */
    public boolean hasDownloadLink() {
        return downloadUrl() != null || !tracks.isEmpty();
    }

    /** A deep copy of the whole payload, unknown fields included. */
    public JsonNode payload() {
        return payload.deepCopy();
    }

    /** The body text as received (re-serialised for copies made by {@link #withDownloadLinks}). */
    public String json() {
        return json;
    }

    /** Event type, recording id and status: safe to log. */
    @Override
    public String toString() {
        return "RecordingEvent[" + eventType
                + (recording == null ? "" : " recordingId=" + recording.id + " status=" + recording.status)
                + "]";
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putOrRemove(ObjectNode node, String field, String value) {
        if (value == null) {
            node.remove(field);
        } else {
            node.put(field, value);
        }
    }

    /** The validated fields of a {@code recording.statusUpdate}. */
    private record Recording(
            String id,
            String meetingId,
            String sessionId,
            String organizationId,
            String meetingTitle,
            String status,
            String rawOutputFileName,
            String outputFileName,
            Long fileSize,
            Long durationSeconds,
            Instant startedTime,
            Instant stoppedTime,
            String downloadUrl,
            String audioDownloadUrl,
            Instant downloadUrlExpiry,
            String stopReason) {

        static Recording read(ObjectNode payload) {
            JsonNode recording = payload.get("recording");
            if (recording == null || !recording.isObject()) {
                throw new IntakeRejection(400, "the body has no recording object");
            }
            JsonNode meeting = payload.path("meeting");
            String id = recordingId(recording);
            String rawName = Fields.text(recording.get("outputFileName"));
            String name = FileNames.sanitise(rawName);
            return new Recording(
                    id,
                    firstId(recording.get("meetingId"), meeting.get("id")),
                    firstId(meeting.get("sessionId"), recording.get("roomUUID")),
                    firstId(recording.get("organizationId"), meeting.path("organizedBy").get("id")),
                    Fields.text(meeting.get("title")),
                    status(recording.get("status")),
                    rawName,
                    name.isEmpty() ? id + ".mp4" : name,
                    Fields.wholeNumber(recording.get("fileSize"), "recording.fileSize"),
                    Fields.seconds(recording.get("recordingDuration")),
                    Fields.timestamp(recording.get("startedTime")),
                    Fields.timestamp(recording.get("stoppedTime")),
                    Fields.httpUrl(recording.get("downloadUrl"), "recording.downloadUrl"),
                    Fields.httpUrl(recording.get("audioDownloadUrl"), "recording.audioDownloadUrl"),
                    Fields.strictTimestamp(recording.get("downloadUrlExpiry"), "recording.downloadUrlExpiry"),
                    stopReason(recording.get("stopReason")));
        }

        private static String recordingId(JsonNode recording) {
            String id = firstId(recording.get("id"), recording.get("recordingId"));
            if (id == null) {
                throw new IntakeRejection(400, "the recording has no id");
            }
            return id;
        }

        /**
         * The id of the preferred field; the fallback field is read only when the preferred one is
         * missing (absent, null or blank), never to second-guess it.
         */
        private static String firstId(JsonNode preferred, JsonNode fallback) {
            return Fields.missing(preferred) ? Fields.id(fallback) : Fields.id(preferred);
        }

        private static String status(JsonNode node) {
            String status = Fields.nonBlankText(node);
            if (status == null) {
                throw new IntakeRejection(400, "recording.status is missing or not a string");
            }
            return status.trim().toUpperCase(Locale.ROOT);
        }

        private static String stopReason(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            return node.isContainerNode() ? StrictJson.write(node) : node.asText();
        }
    }
}
