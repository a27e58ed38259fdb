package io.recordingarchiver.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.RecordingStatus;

/**
 * The durable inbox of accepted webhook deliveries, and the work queue the dispatcher claims from.
 *
 * <p>Intake answers 200 only after {@link #accept} committed the delivery, so a crash after the
 * answer loses nothing. Workers {@link #claim} deliveries under a lease ({@code SELECT ... FOR
 * UPDATE SKIP LOCKED}, so several processes sharing one PostgreSQL never take the same one); a
 * claim whose process died is taken over once its lease has run out.
 */
public class Inbox {

    /** What intake tells RealtimeKit about a delivery it stored or had stored already. */
    public enum Outcome { ACCEPTED, DUPLICATE }

    /** One claimed delivery, handed to a worker. */
    public record Claim(String deliveryId, String recordingId, String status, String payload, int attempts) {

        /** True for an UPLOADED delivery: it takes a transfer worker; every other status is a cheap state change. */
        public boolean transfer() {
            return RecordingStatus.UPLOADED.equals(status);
        }
    }

    /** State changes one process holds at most at once: they cost a few database writes each. */
    static final int STATE_CHANGES_AT_ONCE = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration lease;
    private final Duration retryDelay;
    private final int workers;
    private final String owner = "archiver-" + UUID.randomUUID();
    /** Deliveries this process claimed and has not finished: at most one entry per worker. */
    private final Set<String> transfers = ConcurrentHashMap.newKeySet();
    /** State changes this process claimed and has not finished; they take no transfer worker. */
    private final Set<String> stateChanges = ConcurrentHashMap.newKeySet();

    public Inbox(DataSource dataSource, Duration lease, Duration retryDelay, int workers) {
        this(dataSource, lease, retryDelay, workers, Clock.systemUTC());
    }

    Inbox(DataSource dataSource, Duration lease, Duration retryDelay, int workers, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.lease = lease;
        this.retryDelay = retryDelay;
        this.workers = workers;
        this.clock = clock;
    }

    /**
     * Stores a verified {@code recording.statusUpdate} delivery, or recognises it as one stored
     * before (same delivery id, or same recording and status under another id).
     */
    public Outcome accept(String deliveryId, RecordingEvent event) {
        Instant expiry = event.downloadUrlExpiry();
        try {
            jdbc.update("INSERT INTO delivery (delivery_id, recording_id, status, payload, received_at, link_expiry,"
                    + " state, attempts) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0)",
                    deliveryId, event.recordingId(), event.status(), event.json(), clock.millis(),
                    expiry == null ? null : expiry.toEpochMilli());
            return Outcome.ACCEPTED;
        } catch (DuplicateKeyException e) {
            return Outcome.DUPLICATE;
        }
    }

    /**
     * Claims pending deliveries in two lanes, so that neither waits behind the other: state changes
     * (every status but UPLOADED: a few database writes each), oldest first, up to
     * {@link #STATE_CHANGES_AT_ONCE} at a time whatever the transfers are doing; and UPLOADED
     * recordings, the soonest link expiry first, as many as there are idle transfer workers.
     */
    public List<Claim> claim() {
        int freeStateChanges = STATE_CHANGES_AT_ONCE - stateChanges.size();
        int freeTransfers = workers - transfers.size();
        long now = clock.millis();
        List<Claim> claims = tx.execute(status -> {
            List<Claim> found = new ArrayList<>();
            if (freeStateChanges > 0) {
                found.addAll(claimable("status <> 'UPLOADED'", "received_at", freeStateChanges, now));
            }
            if (freeTransfers > 0) {
                found.addAll(claimable("status = 'UPLOADED'",
                        "CASE WHEN link_expiry IS NULL THEN 1 ELSE 0 END, link_expiry, received_at", freeTransfers, now));
            }
            for (Claim claim : found) {
                jdbc.update("UPDATE delivery SET state = 'CLAIMED', claimed_by = ?, lease_until = ?,"
                        + " attempts = attempts + 1 WHERE delivery_id = ?",
                        owner, now + lease.toMillis(), claim.deliveryId());
            }
            return found;
        });
        claims.forEach(claim -> (claim.transfer() ? transfers : stateChanges).add(claim.deliveryId()));
        return claims;
    }

    /** Pending deliveries of one lane (and claims whose lease ran out), locked for this transaction. */
    private List<Claim> claimable(String lane, String order, int limit, long now) {
        return jdbc.query("SELECT delivery_id, recording_id, status, payload, attempts FROM delivery"
                + " WHERE (state = 'PENDING' OR (state = 'CLAIMED' AND lease_until < ?)) AND " + lane
                + " ORDER BY " + order + " FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE SKIP LOCKED",
                (rs, i) -> new Claim(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5) + 1),
                now);
    }

    /** Frees the worker (or state-change slot) of a claim this process is done with. */
    private void finished(Claim claim) {
        transfers.remove(claim.deliveryId());
        stateChanges.remove(claim.deliveryId());
    }

    /** Marks a claimed delivery processed, whatever the outcome, and frees its worker. */
    public void complete(Claim claim, String outcome) {
        try {
            jdbc.update("UPDATE delivery SET state = 'DONE', done_at = ?, outcome = ?, claimed_by = NULL,"
                    + " lease_until = NULL WHERE delivery_id = ?", clock.millis(), outcome, claim.deliveryId());
        } finally {
            finished(claim);
        }
    }

    /**
     * Gives a claimed delivery back to the queue after a failure that was not its fault (the state
     * store or the bucket was unreachable): it is claimed again once {@code retryDelay} has passed.
     * A claim another process took over after this one's lease ran out is left to that process.
     */
    public void release(Claim claim) {
        finished(claim);
        jdbc.update("UPDATE delivery SET claimed_by = NULL, lease_until = ? WHERE delivery_id = ? AND state = 'CLAIMED'"
                + " AND claimed_by = ?", clock.millis() + retryDelay.toMillis(), claim.deliveryId(), owner);
    }

    /**
     * Frees the worker of a claim that another process took over (this one's lease ran out while it
     * was slow): the delivery is that process's now, so it is left untouched.
     */
    public void forget(Claim claim) {
        finished(claim);
        LOG.warn("Delivery {} of recording {} was taken over by another worker after this one's lease ran out;"
                + " leaving it to that worker", claim.deliveryId(), claim.recordingId());
    }

    /**
     * Returns this process's claims to the queue, for another instance (or this one's next run) to
     * take at once instead of after the lease. Called when the process stops, once its routes have
     * stopped; an interrupted transfer keeps its upload and journal and is resumed by whoever claims
     * it next.
     */
    public void releaseOwnClaims() {
        int released = jdbc.update("UPDATE delivery SET state = 'PENDING', claimed_by = NULL, lease_until = NULL"
                + " WHERE state = 'CLAIMED' AND claimed_by = ?", owner);
        transfers.clear();
        stateChanges.clear();
        if (released > 0) {
            LOG.info("Gave back {} unfinished deliveries to the queue on shutdown", released);
        }
    }

    /** The owner name of this process's claims. */
    public String owner() {
        return owner;
    }

    /**
     * Returns every claim to the queue at once. Only for the embedded database, which one process
     * owns alone: whatever is claimed at start-up was left by this process's previous run.
     */
    public void releaseAllClaims() {
        int released = jdbc.update("UPDATE delivery SET state = 'PENDING', claimed_by = NULL, lease_until = NULL"
                + " WHERE state = 'CLAIMED'");
        if (released > 0) {
            LOG.info("Took back {} deliveries that the previous run had not finished", released);
        }
    }

    /** Deliveries accepted and not processed yet. */
    public int pending() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE state <> 'DONE'", Integer.class);
        return n == null ? 0 : n;
    }
}
