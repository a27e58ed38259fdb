package io.recordingarchiver.operate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.IntakeRejection;

/**
 * Watches the deadline of every UPLOADED recording not archived yet (waiting, being archived, or
 * FAILED): RealtimeKit deletes a recording {@link Reconciliation#RETENTION 7 days} after it
 * stopped (after it was first seen here when its stop time is unknown). A recording whose deadline
 * is closer than {@code warnBefore} is at risk: {@link #check()} returns each one the first time it
 * is found at risk (one WARN per recording), and keeps the gauge
 * {@code archiver_recordings_at_risk} at the number at risk now.
 */
public class DeadlineWatch {

    /** One recording at risk: its id, archive state, deadline and the time left (negative once passed). */
    public record AtRisk(String recordingId, String archiveState, Instant deadline, Duration timeLeft) {
    }

    private final JdbcTemplate jdbc;
    private final Duration warnBefore;
    private final Supplier<MeterRegistry> registry;
    private final Clock clock;
    private final AtomicInteger atRisk = new AtomicInteger();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile boolean gaugeRegistered;

    public DeadlineWatch(DataSource dataSource, Duration warnBefore, Supplier<MeterRegistry> registry) {
        this(dataSource, warnBefore, registry, Clock.systemUTC());
    }

    DeadlineWatch(DataSource dataSource, Duration warnBefore, Supplier<MeterRegistry> registry, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.warnBefore = warnBefore;
        this.registry = registry;
        this.clock = clock;
    }

    /** The recordings at risk that were not reported before; updates the gauge with all those at risk. */
    public List<AtRisk> check() {
        registerGauge();
        Instant now = clock.instant();
        List<AtRisk> risky = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList("SELECT r.recording_id, r.archive_state, r.first_seen_at,"
                + " d.payload FROM recording r LEFT JOIN delivery d ON d.recording_id = r.recording_id"
                + " AND d.status = 'UPLOADED' WHERE r.status = 'UPLOADED'"
                + " AND r.archive_state IN ('TRACKING', 'ARCHIVING', 'FAILED')")) {
            Instant deadline = stopped(row).plus(Reconciliation.RETENTION);
            Duration left = Duration.between(now, deadline).truncatedTo(ChronoUnit.SECONDS);
            if (left.compareTo(warnBefore) <= 0) {
                risky.add(new AtRisk((String) row.get("recording_id"), (String) row.get("archive_state"), deadline,
                        left));
            }
        }
        atRisk.set(risky.size());
        warned.retainAll(risky.stream().map(AtRisk::recordingId).toList());
        return risky.stream().filter(r -> warned.add(r.recordingId())).toList();
    }

    /** When the recording stopped, from its UPLOADED payload; else when it was first seen. */
    private static Instant stopped(Map<String, Object> row) {
        Object payload = row.get("payload");
        if (payload != null) {
            try {
                Instant stopped = RecordingEvent.parse((String) payload).stoppedTime();
                if (stopped != null) {
                    return stopped;
                }
            } catch (IntakeRejection unreadable) {
                // stored payloads were validated on intake; fall back to the first sighting
            }
        }
        return Instant.ofEpochMilli(((Number) row.get("first_seen_at")).longValue());
    }

    /** Registers the gauge {@code archiver_recordings_at_risk} (once; 0 until the first check). */
    synchronized void registerGauge() {
        if (!gaugeRegistered) {
            Gauge.builder("archiver.recordings.at.risk", atRisk, AtomicInteger::get)
                    .description("UPLOADED recordings not archived whose source RealtimeKit deletes within"
                            + " archiver.deadline.warn-before")
                    .register(registry.get());
            gaugeRegistered = true;
        }
    }
}
