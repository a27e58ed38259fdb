package io.recordingarchiver.operate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import io.recordingarchiver.dispatch.Inbox;

/**
 * Operator replays of FAILED recordings ({@code POST /admin/recordings/{id}/replay} and
 * {@code POST /admin/recordings/replay-failed}). A replay puts the recording's UPLOADED delivery
 * back in the inbox as PENDING (its next claim is a new attempt) with {@code refresh_link} set, so
 * the archive route asks the REST API for a fresh link before downloading, and moves the recording
 * from FAILED back to TRACKING (pending again). Both changes are one transaction.
 */
public class Replays {

    private static final AdminAnswers ANSWERS = new AdminAnswers();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Replays(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    Replays(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
    }

    /** Replays one FAILED recording: 202 when queued, 404 for an unknown id, 409 when it is not FAILED. */
    public StatusApi.Answer replay(String recordingId) {
        List<String> found = recordingId == null ? List.of() : jdbc.queryForList(
                "SELECT archive_state FROM recording WHERE recording_id = ?", String.class, recordingId);
        if (found.isEmpty()) {
            return error(404, "no recording with this id is known to the archiver");
        }
        if (!"FAILED".equals(found.get(0))) {
            return error(409, "only a FAILED recording can be replayed, and this one is " + found.get(0));
        }
        if (!requeue(recordingId)) {
            return error(409, "this recording's UPLOADED delivery is still being processed; replay it once it is done");
        }
        ObjectNode body = AdminAnswers.object();
        body.put("recordingId", recordingId);
        body.put("result", "queued");
        return AdminAnswers.accepted(body);
    }

    /** Replays every FAILED recording; 202 with how many were queued and their ids. */
    public StatusApi.Answer replayFailed() {
        List<String> queued = new ArrayList<>();
        for (String recordingId : jdbc.queryForList(
                "SELECT recording_id FROM recording WHERE archive_state = 'FAILED' ORDER BY updated_at", String.class)) {
            if (requeue(recordingId)) {
                queued.add(recordingId);
            }
        }
        ObjectNode body = AdminAnswers.object();
        body.put("queued", queued.size());
        queued.forEach(body.putArray("recordingIds")::add);
        return AdminAnswers.accepted(body);
    }

    /** True when the claimed delivery is a replay whose link must be refreshed before use. */
    public boolean linkRefreshRequested(Inbox.Claim claim) {
        return claim != null && Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT refresh_link FROM delivery WHERE delivery_id = ?", Boolean.class, claim.deliveryId()));
    }

    /**
     * Moves a FAILED recording back to TRACKING and its finished UPLOADED delivery back to PENDING
     * with {@code refresh_link}; false (and nothing changed) when it is not FAILED or has no
     * finished UPLOADED delivery.
     */
    private boolean requeue(String recordingId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            long now = clock.millis();
            int reopened = jdbc.update("UPDATE recording SET archive_state = 'TRACKING', updated_at = ?"
                    + " WHERE recording_id = ? AND archive_state = 'FAILED'", now, recordingId);
            int requeued = reopened == 0 ? 0 : jdbc.update("UPDATE delivery SET state = 'PENDING', refresh_link = TRUE,"
                    + " claimed_by = NULL, lease_until = NULL, done_at = NULL, outcome = NULL"
                    + " WHERE recording_id = ? AND status = 'UPLOADED' AND state = 'DONE'", recordingId);
            if (requeued == 0) {
                status.setRollbackOnly();
                return false;
            }
            return true;
        }));
    }

    private static StatusApi.Answer error(int status, String message) {
        return ANSWERS.error(status, message);
    }
}
