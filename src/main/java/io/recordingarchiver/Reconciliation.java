package io.recordingarchiver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds UPLOADED recordings whose webhook never arrived (downtime, a lost delivery) in the REST
 * API's list and puts them into the inbox as synthetic UPLOADED deliveries with the delivery id
 * {@code reconcile:<recordingId>}. The inbox's unique (recording, status) absorbs every recording
 * whose UPLOADED is stored already; a recording ARCHIVED already is not even offered. Scheduled over
 * the last 7 days (RealtimeKit's retention) and, as a backfill, over any window an operator names.
 */
public class Reconciliation {

    /** How long RealtimeKit keeps a recording after it stopped. */
    static final Duration RETENTION = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger("archiver.reconcile");
    private static final AdminAnswers ANSWERS = new AdminAnswers();

    private final Inbox inbox;
    private final RecordingLedger ledger;
    private final boolean enabled;
    private final Clock clock;

    /** @param apiToken the REST API token; blank turns reconciliation and backfill off */
    public Reconciliation(Inbox inbox, RecordingLedger ledger, String apiToken) {
        this(inbox, ledger, apiToken, Clock.systemUTC());
    }

    Reconciliation(Inbox inbox, RecordingLedger ledger, String apiToken, Clock clock) {
        this.inbox = inbox;
        this.ledger = ledger;
        this.enabled = apiToken != null && !apiToken.isBlank();
        this.clock = clock;
    }

    /** True when an API token is configured: without one the REST API cannot be asked. */
    public boolean enabled() {
        return enabled;
    }

    /** A run over the recordings that stopped within RealtimeKit's retention, up to now. */
    public ListingRun lastDays() {
        Instant now = clock.instant();
        return new ListingRun(now.minus(RETENTION), now);
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
        for (JsonNode recording : page.recordings()) {
            if (enqueue(recording)) {
                enqueued++;
            }
        }
        run.pageRead(page, enqueued);
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
        RecordingEvent event;
        try {
            event = RecordingEvent.fromRest(recording);
        } catch (IntakeRejection | IllegalArgumentException e) {
            LOG.warn("Skipped a listed recording that breaks the contract: {}", Redaction.text(e.getMessage()));
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

    private static Instant instant(String text, String name) {
        try {
            return Instant.parse(text == null ? "" : text.trim());
        } catch (DateTimeParseException e) {
            throw new AdminRequestRefused(400, name + " must be an ISO-8601 instant such as 2026-06-10T10:30:00Z");
        }
    }
}
