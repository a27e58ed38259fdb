package io.recordingarchiver.testkit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A recording known to the stand-in, as the REST API serves it and webhook payloads describe it.
 * Mutable with fluent setters (each returns {@code this}); ids are random UUIDs by default. Building a
 * payload does not change it: set {@link #status(String)} to what the REST API should answer.
 */
public final class StandInRecording {

    /** What fetching this recording through the REST API does to its download link. */
    enum LinkRefresh { FRESH, EXPIRED, NONE }

    private volatile String id = UUID.randomUUID().toString();
    private volatile String meetingId = UUID.randomUUID().toString();
    private volatile String sessionId = UUID.randomUUID().toString();
    private volatile String organizationId = UUID.randomUUID().toString();
    private volatile String organizationName = "Stand-in Org";
    private volatile String meetingTitle = "Weekly sync";
    private volatile String status = "UPLOADED";
    private volatile String outputFileName;
    private volatile RecordingFile video;
    private volatile RecordingFile audio;
    private volatile List<TrackFile> tracks = List.of();
    private volatile long durationSeconds = 1800;
    private volatile Instant invokedTime;
    private volatile Instant startedTime;
    private volatile Instant stoppedTime;
    private volatile LinkRefresh linkRefresh = LinkRefresh.FRESH;

    /** An UPLOADED recording of {@code video} that stopped at {@code now} after 30 minutes. */
    StandInRecording(RecordingFile video, Instant now) {
        this.video = video;
        this.outputFileName = video.name();
        this.stoppedTime = now;
        this.startedTime = now.minusSeconds(durationSeconds);
        this.invokedTime = startedTime.minusSeconds(5);
    }

    /** The recording id. */
    public String id() {
        return id;
    }

    /** Sets the recording id. */
    public StandInRecording id(String id) {
        this.id = id;
        return this;
    }

    /** The meeting id. */
    public String meetingId() {
        return meetingId;
    }

    /** Sets the meeting id. */
    public StandInRecording meetingId(String meetingId) {
        this.meetingId = meetingId;
        return this;
    }

    /** The meeting session id ({@code roomUUID} in webhooks, {@code session_id} in REST). */
    public String sessionId() {
        return sessionId;
    }

    /** Sets the session id. */
    public StandInRecording sessionId(String sessionId) {
        this.sessionId = sessionId;
        return this;
    }

    /** The organization id. */
    public String organizationId() {
        return organizationId;
    }

    /** Sets the organization id. */
    public StandInRecording organizationId(String organizationId) {
        this.organizationId = organizationId;
        return this;
    }

    /** The organization name ({@code meeting.organizedBy.name}). */
    public String organizationName() {
        return organizationName;
    }

    /** Sets the organization name. */
    public StandInRecording organizationName(String organizationName) {
        this.organizationName = organizationName;
        return this;
    }

    /** The meeting title. */
    public String meetingTitle() {
        return meetingTitle;
    }

    /** Sets the meeting title. */
    public StandInRecording meetingTitle(String meetingTitle) {
        this.meetingTitle = meetingTitle;
        return this;
    }

    /** The status the REST API reports, e.g. {@code UPLOADED}. */
    public String status() {
        return status;
    }

    /** Sets the status the REST API reports. */
    public StandInRecording status(String status) {
        this.status = status;
        return this;
    }

    /** The output file name RealtimeKit reports; defaults to the video file's name. */
    public String outputFileName() {
        return outputFileName;
    }

    /** Sets the reported output file name. */
    public StandInRecording outputFileName(String outputFileName) {
        this.outputFileName = outputFileName;
        return this;
    }

    /** The served video file. */
    public RecordingFile video() {
        return video;
    }

    /** Sets the served video file. */
    public StandInRecording video(RecordingFile video) {
        this.video = video;
        return this;
    }

    /** The served audio-only file, or null when none was requested. */
    public RecordingFile audio() {
        return audio;
    }

    /** Sets the served audio-only file (null for none); it gets its own download link. */
    public StandInRecording audio(RecordingFile audio) {
        this.audio = audio;
        return this;
    }

    /** The per-participant files of a track recording; empty for a composite recording. */
    public List<TrackFile> tracks() {
        return tracks;
    }

    /**
     * Makes this a track recording: its {@code download_url} (REST) and {@code downloadUrl} (webhook)
     * become the array form {@code [{layer_name, download_urls: {<file name>: {download_url}}}]},
     * one entry per layer, instead of the video's link.
     */
    public StandInRecording tracks(TrackFile... tracks) {
        this.tracks = List.of(tracks);
        return this;
    }

    /** Whether this is a track recording (its links are the array form). */
    public boolean isTrackRecording() {
        return !tracks.isEmpty();
    }

    /** The recorded duration in seconds. */
    public long durationSeconds() {
        return durationSeconds;
    }

    /** Sets the recorded duration in seconds. */
    public StandInRecording durationSeconds(long durationSeconds) {
        this.durationSeconds = durationSeconds;
        return this;
    }

    /** When the recording was requested. */
    public Instant invokedTime() {
        return invokedTime;
    }

    /** Sets when the recording was requested. */
    public StandInRecording invokedTime(Instant invokedTime) {
        this.invokedTime = invokedTime;
        return this;
    }

    /** When recording started. */
    public Instant startedTime() {
        return startedTime;
    }

    /** Sets when recording started. */
    public StandInRecording startedTime(Instant startedTime) {
        this.startedTime = startedTime;
        return this;
    }

    /** When recording stopped. */
    public Instant stoppedTime() {
        return stoppedTime;
    }

    /** Sets when recording stopped. */
    public StandInRecording stoppedTime(Instant stoppedTime) {
        this.stoppedTime = stoppedTime;
        return this;
    }

    LinkRefresh linkRefresh() {
        return linkRefresh;
    }

    void linkRefresh(LinkRefresh linkRefresh) {
        this.linkRefresh = linkRefresh;
    }

    /** Whether {@code status} comes after recording stopped (UPLOADING, UPLOADED, ERRORED). */
    static boolean isStopped(String status) {
        return "UPLOADING".equals(status) || "UPLOADED".equals(status) || "ERRORED".equals(status);
    }

    /** Whether {@code status} is one at which a file size is known (UPLOADING, UPLOADED). */
    static boolean hasFileSize(String status) {
        return "UPLOADING".equals(status) || "UPLOADED".equals(status);
    }
}
