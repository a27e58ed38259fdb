package io.recordingarchiver.operate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.intake.IntakeMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.recordingarchiver.Redaction;
import io.recordingarchiver.event.RecordingLinks;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.IntakeRejection;
import io.recordingarchiver.event.RecordingPage;
import io.recordingarchiver.dispatch.Inbox;
import io.recordingarchiver.dispatch.RecordingLedger;
import io.recordingarchiver.archive.ApiThrottled;
import io.recordingarchiver.archive.ArchiveFailure;

/**
 * Reads the REST API's list of recordings into the inbox, so what it finds takes the same path as a
 * webhook delivery.
 * <ul>
 * <li>Reconciliation (mode {@code both}) and backfill: UPLOADED recordings whose webhook never
 * arrived (downtime, a lost delivery) become synthetic UPLOADED deliveries with the delivery id
 * {@code reconcile:<recordingId>}.</li>
 * <li>Polling (mode {@code polling}): every status listed becomes a synthetic delivery
 * {@code poll:<recordingId>:<status>}, so INVOKED, RECORDING, ... are tracked, UPLOADED archived and
 * ERRORED reported by the same dispatch.</li>
 * </ul>
 * The inbox's unique (recording, status) absorbs every status stored already; a recording ARCHIVED
 * (or, polling, ERRORED) already is not even offered. Scheduled runs look back
 * {@code archiver.reconcile.lookback} (default 8 days: RealtimeKit's 7-day retention plus a
 * recording of up to 24 hours, since the API does not say which timestamp {@code start_time}
 * filters on, shared/REALTIMEKIT.md); a backfill lists any window an operator names.
 */
public class Reconciliation {

    /** How long RealtimeKit keeps a recording after it stopped. */
    static final Duration RETENTION = Duration.ofDays(7);
    /** The default look-back: the retention plus the longest recording (24 hours). */
    static final Duration DEFAULT_LOOKBACK = RETENTION.plusDays(1);

    private static final Logger LOG = LoggerFactory.getLogger("archiver.reconcile");
    private static final AdminAnswers ANSWERS = new AdminAnswers();

    private final Inbox inbox;
    private final RecordingLedger ledger;
    private final boolean enabled;
    private final Duration lookback;
    private final IntakeMode mode;
    private final Clock clock;

    /** @param apiToken the REST API token; blank turns reconciliation and backfill off */
    public Reconciliation(Inbox inbox, RecordingLedger ledger, String apiToken) {
        this(inbox, ledger, apiToken, DEFAULT_LOOKBACK, IntakeMode.BOTH, Clock.systemUTC());
    }

    /**
     * @param apiToken the REST API token; blank turns reconciliation, polling and backfill off
     * @param lookback how far back a scheduled run lists (positive)
     * @param mode     the intake mode: whether the schedule reconciles UPLOADED or polls every status
     * @throws IllegalArgumentException when {@code lookback} is not positive
     */
    public Reconciliation(Inbox inbox, RecordingLedger ledger, String apiToken, Duration lookback, IntakeMode mode) {
        this(inbox, ledger, apiToken, lookback, mode, Clock.systemUTC());
    }

    Reconciliation(Inbox inbox, RecordingLedger ledger, String apiToken, Clock clock) {
        this(inbox, ledger, apiToken, DEFAULT_LOOKBACK, IntakeMode.BOTH, clock);
    }

    Reconciliation(Inbox inbox, RecordingLedger ledger, String apiToken, Duration lookback, IntakeMode mode, Clock clock) {
        if (lookback == null || lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("the setting archiver.reconcile.lookback must be a positive duration");
        }
        this.inbox = inbox;
        this.ledger = ledger;
        this.enabled = apiToken != null && !apiToken.isBlank();
        this.lookback = lookback;
        this.mode = mode;
        this.clock = clock;
    }

    /** True when an API token is configured: without one the REST API cannot be asked. */
    public boolean enabled() {
        return enabled;
    }

    /** True when the scheduled reconciliation of UPLOADED recordings runs: a token and mode {@code both}. */
    public boolean reconciling() {
        return enabled && mode.reconciles();
    }

    /** True when the REST API is polled for every status: mode {@code polling} (which requires a token). */
    public boolean polling() {
        return enabled && mode.polls();
    }

    /** A reconciliation run over the last {@code archiver.reconcile.lookback}, up to now. */
    public ListingRun lastDays() {
        Instant now = clock.instant();
        return new ListingRun(now.minus(lookback), now, ListingRun.Kind.RECONCILE);
    }

    /** A polling run over every status of the last {@code archiver.reconcile.lookback}, up to now. */
    public ListingRun pollRun() {
        Instant now = clock.instant();
        return new ListingRun(now.minus(lookback), now, ListingRun.Kind.POLL);
    }

    /**
     * A backfill run over {@code [from, to]}.
     *
     * @throws AdminRequestRefused 409 without an API token; 400 when the window is not two
     *                             ISO-8601 instants in order
     */
    public ListingRun backfill(String from, String to) {
        if (!enabled) {
            throw new AdminRequestRefused(409, "a backfill asks the RealtimeKit REST API: set"
                    + " archiver.realtimekit.api-token (and account-id, app-id) to enable it");
        }
        Instant start = instant(from, "from");
        Instant end = instant(to, "to");
        if (!start.isBefore(end)) {
            throw new AdminRequestRefused(400, "from must be before to");
        }
        return new ListingRun(start, end);
    }

    /**
     * Reads one answer of the list call and enqueues its recordings that are not archived.
     *
     * @throws ApiThrottled on 429 (with its retry-after); {@link ArchiveFailure.Transient} on 5xx;
     *                      {@link ArchiveFailure} on any other refusal or an unreadable answer
     */
    public void readPage(ListingRun run, Integer httpStatus, String retryAfter, String body) {
        int code = httpStatus == null ? 0 : httpStatus;
        if (code == 429) {
            throw new ApiThrottled("api-unavailable", "the RealtimeKit API answered 429 to the recordings list",
                    retryAfter);
        }
        if (code >= 500 || code == 0) {
            throw new ArchiveFailure.Transient("api-unavailable",
                    "the RealtimeKit API answered " + code + " to the recordings list");
        }
        if (code != 200) {
            throw new ArchiveFailure("api-refused", "the RealtimeKit API answered " + code + " to the recordings list");
        }
        RecordingPage page;
        try {
            page = RecordingLinks.fromListResponse(body);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFailure("api-refused", "the recordings list could not be read: " + e.getMessage());
        }
        int enqueued = 0;
        for (JsonNode recording : run.pageRead(page)) {
            if (run.getKind() == ListingRun.Kind.POLL ? enqueuePolled(recording) : enqueue(recording)) {
                enqueued++;
            }
        }
        run.addEnqueued(enqueued);
    }

    /** Ends a run whose list call failed for good; {@code reason} is redacted already ({@link ArchivePlan#describe}). */
    public void stopped(ListingRun run, String reason) {
        run.failed(reason);
    }

    /** The summary of a finished backfill: 200 with the counts, or 502 when the listing failed. */
    public StatusApi.Answer summary(ListingRun run) {
        if (run.getFailure() != null) {
            return ANSWERS.error(502, "the backfill stopped after " + run.getPages() + " pages, "
                    + run.getEnqueued() + " recordings enqueued: " + run.getFailure());
        }
        ObjectNode body = AdminAnswers.object();
        body.put("from", run.getFrom().toString());
        body.put("to", run.getTo().toString());
        body.put("pages", run.getPages());
        body.put("listed", run.getListed());
        body.put("enqueued", run.getEnqueued());
        return new StatusApi.Answer(200, body.toString());
    }

    private boolean enqueue(JsonNode recording) {
        RecordingEvent event = readListed(recording);
        if (event == null) {
            return false;
        }
        if (!"UPLOADED".equals(event.status()) || "ARCHIVED".equals(ledger.archiveState(event.recordingId()))) {
            return false;
        }
        if (inbox.accept("reconcile:" + event.recordingId(), event) != Inbox.Outcome.ACCEPTED) {
            return false;
        }
        LOG.info("Recording {} is UPLOADED and its webhook never arrived: enqueued", event.recordingId());
        return true;
    }

    /** A polled status of a recording, unless the recording is finished (ARCHIVED, ERRORED) or the status stored. */
    private boolean enqueuePolled(JsonNode recording) {
        RecordingEvent event = readListed(recording);
        if (event == null) {
            return false;
        }
        String state = ledger.archiveState(event.recordingId());
        if ("ARCHIVED".equals(state) || "ERRORED".equals(state)) {
            return false;
        }
        if (inbox.accept("poll:" + event.recordingId() + ":" + event.status(), event) != Inbox.Outcome.ACCEPTED) {
            return false;
        }
        LOG.info("Recording {} is {} (polled): enqueued", event.recordingId(), event.status());
        return true;
    }

    private static RecordingEvent readListed(JsonNode recording) {
        try {
            return RecordingEvent.fromRest(recording);
        } catch (IntakeRejection | IllegalArgumentException e) {
            LOG.warn("Skipped a listed recording that breaks the contract: {}", Redaction.text(e.getMessage()));
            return null;
        }
    }

    private static Instant instant(String text, String name) {
        try {
            return Instant.parse(text == null ? "" : text.trim());
        } catch (DateTimeParseException e) {
            throw new AdminRequestRefused(400, name + " must be an ISO-8601 instant such as 2026-06-10T10:30:00Z");
        }
    }
}
