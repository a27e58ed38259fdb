package io.recordingarchiver.operate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Read-only questions operators ask the state store: one recording with its status history, a page
 * of recordings, and the backlog of recordings still to archive. Never writes; the inbox and the
 * ledger own the rows.
 *
 * <p>A recording's deadline is when RealtimeKit stops serving its file: the expiry of its download
 * link (RealtimeKit deletes recordings when their links run out, after 7 days).
 */
public class RecordingQueries {

    /** Archive states, as stored by {@link RecordingLedger}. */
    public static final List<String> ARCHIVE_STATES = List.of("TRACKING", "ARCHIVING", "ARCHIVED", "ERRORED", "FAILED");

    /** A recording not archived yet although its file is (or was) ready: UPLOADED, or being archived. */
    static final String PENDING = "(r.archive_state = 'ARCHIVING' OR (r.archive_state = 'TRACKING' AND r.status = 'UPLOADED'))";

    private static final String COLUMNS = "r.*,"
            + " (SELECT MIN(d.received_at) FROM delivery d WHERE d.recording_id = r.recording_id"
            + " AND d.status = 'UPLOADED') AS uploaded_at,"
            + " COALESCE(r.link_expiry, (SELECT MAX(d.link_expiry) FROM delivery d"
            + " WHERE d.recording_id = r.recording_id)) AS deadline";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RecordingQueries(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    RecordingQueries(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** The recording's row with {@code uploaded_at} and {@code deadline}, or null for an unknown id. */
    public Map<String, Object> recording(String recordingId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT " + COLUMNS + " FROM recording r"
                + " WHERE r.recording_id = ?", recordingId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Every delivery stored for the recording, oldest first: status, received_at, state, outcome. */
    public List<Map<String, Object>> history(String recordingId) {
        return jdbc.queryForList("SELECT status, received_at, state, outcome FROM delivery WHERE recording_id = ?"
                + " ORDER BY received_at, delivery_id", recordingId);
    }

    /**
     * Recordings most recently updated first.
     *
     * @param state  one of {@link #ARCHIVE_STATES}, or null for all
     * @param since  epoch milliseconds: only recordings updated at or after it; null for all
     * @param limit  rows to return
     * @param offset rows to skip
     */
    public List<Map<String, Object>> list(String state, Long since, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM recording r WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            sql.append(" AND r.archive_state = ?");
            args.add(state);
        }
        if (since != null) {
            sql.append(" AND r.updated_at >= ?");
            args.add(since);
        }
        sql.append(" ORDER BY r.updated_at DESC, r.recording_id OFFSET ").append(offset)
                .append(" ROWS FETCH NEXT ").append(limit).append(" ROWS ONLY");
        return jdbc.queryForList(sql.toString(), args.toArray());
    }

    /** Recordings whose file is ready and not archived yet (UPLOADED and waiting, or being archived). */
    public int pendingCount() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM recording r WHERE " + PENDING, Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * Milliseconds left before the earliest deadline of a pending recording (negative once passed),
     * or null when no pending recording has a known deadline.
     */
    public Long smallestTimeToDeadline() {
        Long earliest = jdbc.queryForObject("SELECT MIN(deadline) FROM (SELECT " + COLUMNS + " FROM recording r WHERE "
                + PENDING + ") pending", Long.class);
        return earliest == null ? null : earliest - clock.millis();
    }

    /** Runs a trivial query: throws when the state store cannot be reached. */
    public void ping() {
        jdbc.queryForObject("SELECT 1", Integer.class);
    }
}
