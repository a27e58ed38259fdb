package io.recordingarchiver.dispatch;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import io.recordingarchiver.Redaction;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.RecordingStatus;

/**
 * Each recording's state: its RealtimeKit status (never backwards, see {@link RecordingStatus}) and
 * where its archive stands: TRACKING, ARCHIVING, ARCHIVED, ERRORED or FAILED, with keys, sizes,
 * checksums, attempts and the last error (already redacted).
 */
public class RecordingLedger {

    /**
     * What applying one event did: the status before and after, whether the event came late, and
     * whether its status is one this archiver knows.
     */
    public record Applied(String previous, String current, boolean late, boolean known) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public RecordingLedger(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    RecordingLedger(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
    }

    /** Moves the recording to the event's status unless that would move it backwards. */
    public Applied apply(RecordingEvent event) {
        return tx.execute(status -> {
            String current = lockStatus(event, status);
            String next = RecordingStatus.next(current, event.status());
            jdbc.update("UPDATE recording SET status = ?, meeting_id = COALESCE(?, meeting_id),"
                    + " session_id = COALESCE(?, session_id), updated_at = ? WHERE recording_id = ?",
                    next, event.meetingId(), event.sessionId(), clock.millis(), event.recordingId());
            return new Applied(current, next, RecordingStatus.isLate(current, event.status()),
                    RecordingStatus.isKnown(event.status()));
        });
    }

    /**
     * The recording's status under a row lock, creating its row on first sight (null then). The
     * insert runs under a savepoint: when another transaction created the row first, PostgreSQL
     * would otherwise refuse every further statement of this transaction.
     */
    private String lockStatus(RecordingEvent event, TransactionStatus transaction) {
        List<String> found = jdbc.queryForList("SELECT status FROM recording WHERE recording_id = ? FOR UPDATE",
                String.class, event.recordingId());
        if (!found.isEmpty()) {
            return found.get(0);
        }
        Object savepoint = transaction.createSavepoint();
        try {
            long now = clock.millis();
            jdbc.update("INSERT INTO recording (recording_id, meeting_id, session_id, status, archive_state, attempts,"
                    + " first_seen_at, updated_at) VALUES (?, ?, ?, ?, 'TRACKING', 0, ?, ?)",
                    event.recordingId(), event.meetingId(), event.sessionId(), event.status(), now, now);
            transaction.releaseSavepoint(savepoint);
            return null;
        } catch (DuplicateKeyException raced) {
            transaction.rollbackToSavepoint(savepoint);
            return jdbc.queryForObject("SELECT status FROM recording WHERE recording_id = ? FOR UPDATE",
                    String.class, event.recordingId());
        }
    }

    /** The archive state (TRACKING, ARCHIVING, ARCHIVED, ERRORED, FAILED), or null for an unknown id. */
    public String archiveState(String recordingId) {
        List<String> found = jdbc.queryForList("SELECT archive_state FROM recording WHERE recording_id = ?",
                String.class, recordingId);
        return found.isEmpty() ? null : found.get(0);
    }

    public void markArchiving(RecordingEvent event) {
        Long expiry = event.downloadUrlExpiry() == null ? null : event.downloadUrlExpiry().toEpochMilli();
        jdbc.update("UPDATE recording SET archive_state = 'ARCHIVING', attempts = attempts + 1, link_expiry = ?,"
                + " reason = NULL, updated_at = ? WHERE recording_id = ?", expiry, clock.millis(), event.recordingId());
    }

    /**
     * Marks the recording ARCHIVED, once: when two workers ever finish the same recording (a lease
     * that ran out just before the end), only the first one gets true and calls the extension point.
     * The same update notes that the extension point is still to run ({@link #archivedHookPending}),
     * until {@link #archivedHookDone}.
     */
    public boolean markArchived(RecordingEvent event, ArchivedFile recording, ArchivedFile audio) {
        long now = clock.millis();
        return jdbc.update("UPDATE recording SET archive_state = 'ARCHIVED', object_key = ?, size_bytes = ?, sha256 = ?,"
                + " audio_key = ?, audio_size = ?, audio_sha256 = ?, reason = NULL, last_error = NULL,"
                + " archived_hook_pending = TRUE,"
                + " archived_at = ?, updated_at = ? WHERE recording_id = ? AND archive_state <> 'ARCHIVED'",
                recording.key(), recording.size(), recording.sha256(),
                audio == null ? null : audio.key(), audio == null ? null : audio.size(),
                audio == null ? null : audio.sha256(), now, now, event.recordingId()) == 1;
    }

    /**
     * Whether the recording is ARCHIVED but {@code direct:on-recording-archived} has not finished for
     * it: the process that marked it stopped in between (or the hook threw). False for an unknown id.
     */
    public boolean archivedHookPending(String recordingId) {
        return !jdbc.queryForList("SELECT recording_id FROM recording WHERE recording_id = ?"
                + " AND archive_state = 'ARCHIVED' AND archived_hook_pending", String.class, recordingId).isEmpty();
    }

    /** Notes that {@code direct:on-recording-archived} has run for the recording. */
    public void archivedHookDone(String recordingId) {
        jdbc.update("UPDATE recording SET archived_hook_pending = FALSE, updated_at = ? WHERE recording_id = ?",
                clock.millis(), recordingId);
    }

    /**
     * The recording file (or, with {@code audio}, the audio file) of an ARCHIVED recording as the
     * ledger and the verified-file records hold it: what the extension point is called with when it is
     * called again. Null when the recording is not ARCHIVED or has no such file.
     */
    public ArchivedFile archivedFile(String recordingId, boolean audio) {
        List<ArchivedFile> found = jdbc.query(audio ? ARCHIVED_AUDIO : ARCHIVED_RECORDING,
                (rs, n) -> new ArchivedFile(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), recordingId);
        return found.isEmpty() ? null : found.get(0);
    }

    private static final String ARCHIVED_RECORDING = "SELECT r.object_key, r.size_bytes, r.sha256, f.content_type,"
            + " f.source_file_name FROM recording r LEFT JOIN stored_file f ON f.object_key = r.object_key"
            + " WHERE r.recording_id = ? AND r.archive_state = 'ARCHIVED' AND r.object_key IS NOT NULL";
    private static final String ARCHIVED_AUDIO = "SELECT r.audio_key, r.audio_size, r.audio_sha256, f.content_type,"
            + " f.source_file_name FROM recording r LEFT JOIN stored_file f ON f.object_key = r.audio_key"
            + " WHERE r.recording_id = ? AND r.archive_state = 'ARCHIVED' AND r.audio_key IS NOT NULL";

    public void markErrored(RecordingEvent event, String reason, String reportKey) {
        jdbc.update("UPDATE recording SET archive_state = 'ERRORED', reason = ?, report_key = ?, updated_at = ?"
                + " WHERE recording_id = ?", reason, reportKey, clock.millis(), event.recordingId());
    }

    /**
     * Records a failed archive; {@code error} is redacted here again before it is stored. A recording
     * another worker archived meanwhile stays ARCHIVED.
     */
    public void markFailed(RecordingEvent event, String reason, String error) {
        String safe = Redaction.text(error == null ? "" : error);
        jdbc.update("UPDATE recording SET archive_state = 'FAILED', reason = ?, last_error = ?, updated_at = ?"
                + " WHERE recording_id = ? AND archive_state <> 'ARCHIVED'", reason, safe.length() > 1000 ? safe.substring(0, 1000) : safe,
                clock.millis(), event.recordingId());
    }

    /** Everything known about one recording, or null. */
    public Map<String, Object> find(String recordingId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM recording WHERE recording_id = ?",
                recordingId);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
