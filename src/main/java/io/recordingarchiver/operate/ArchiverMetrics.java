package io.recordingarchiver.operate;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.Exchange;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.IntakeRejection;
import io.recordingarchiver.dispatch.Inbox;
import io.recordingarchiver.intake.IntakeGate;
import io.recordingarchiver.dispatch.ArchivedFile;

/**
 * The archiver's own Prometheus metrics, in the registry camel-micrometer-prometheus scrapes at
 * {@code /observe/metrics}. They are taken from Camel's exchange events, so no route has to call
 * them: an intake exchange that completes is one delivery; a call of an extension point is one
 * archive outcome; a call of {@code direct:transfer-file} is one transfer; a call of
 * {@code direct:archive-failed} or {@code direct:hook-failed} is one dead letter.
 *
 * <p>Every label value comes from a fixed set (event types, outcomes, reason codes, route ids):
 * never an id, a URL, a key or a message.
 */
public class ArchiverMetrics extends EventNotifierSupport {

    /** Webhook event types RealtimeKit documents; any other is counted as {@code other}. */
    static final Set<String> EVENT_TYPES = Set.of("recording.statusUpdate", "meeting.started", "meeting.ended",
            "meeting.transcript", "meeting.summary", "livestreaming.statusUpdate");

    /** Reason codes of archive failures and errored recordings ({@link ArchiveFailure}, the routes). */
    static final Set<String> REASONS = Set.of("recording-errored", "no-download-link", "link-expired",
            "size-mismatch", "download-refused", "download-unavailable", "download-interrupted", "s3-rejected",
            "s3-unavailable", "api-unavailable", "state-store-unavailable", "unexpected");

    private static final Logger LOG = LoggerFactory.getLogger(ArchiverMetrics.class);

    /*
     * The routes and endpoints of routes/*.yaml the metrics are taken from. ArchiverMetricsWiringTest
     * reads the YAML and fails when one of them is renamed or no longer called, so a renamed route
     * breaks a test instead of a dashboard.
     */
    /** The route whose completed exchanges are webhook deliveries. */
    static final String INTAKE_ROUTE = "intake";
    /** One call is one file transfer. */
    static final String TRANSFER_FILE = "direct://transfer-file";
    /** The three extension points: one call is one archive outcome. */
    static final String ON_RECORDING_ARCHIVED = "direct://on-recording-archived";
    static final String ON_RECORDING_ERRORED = "direct://on-recording-errored";
    static final String ON_ARCHIVE_FAILED = "direct://on-archive-failed";
    /** Dead letters: archives marked FAILED, and hook calls given up on. */
    static final String ARCHIVE_FAILED = "direct://archive-failed";
    static final String HOOK_FAILED = "direct://hook-failed";
    /** Every endpoint above (a route consumes each, and at least one step calls it). */
    static final Set<String> MEASURED_ENDPOINTS = Set.of(TRANSFER_FILE, ON_RECORDING_ARCHIVED, ON_RECORDING_ERRORED,
            ON_ARCHIVE_FAILED, ARCHIVE_FAILED, HOOK_FAILED);

    /** Name under which camel-micrometer-prometheus binds the registry it scrapes. */
    static final String REGISTRY_NAME = "metricsRegistry";

    private final RecordingQueries queries;
    private MeterRegistry registry;

    public ArchiverMetrics(RecordingQueries queries) {
        this.queries = queries;
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    /** Finds the registry camel-micrometer-prometheus set up (it exists once the context starts) and adds the gauges. */
    @Override
    protected void doStart() {
        registry = getCamelContext().getRegistry().lookupByNameAndType(REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            throw new IllegalStateException("no Micrometer registry named " + REGISTRY_NAME
                    + ": camel.metrics.enabled must be true");
        }
        Gauge.builder("archiver.recordings.pending", () -> orNaN(queries::pendingCount))
                .description("Recordings UPLOADED and not archived yet (waiting or being archived)")
                .register(registry);
        Gauge.builder("archiver.deliveries.held", () -> orNaN(() -> {
                    io.recordingarchiver.operate.HeldDeliveries held = getCamelContext().getRegistry()
                            .lookupByNameAndType("heldDeliveries", io.recordingarchiver.operate.HeldDeliveries.class);
                    return held == null ? null : held.heldCount();
                }))
                .description("Signed deliveries kept as held with a reason (GET /held), waiting for a replay")
                .register(registry);
        Gauge.builder("archiver.deadline.remaining.seconds",
                        () -> orNaN(() -> {
                            Long millis = queries.smallestTimeToDeadline();
                            return millis == null ? null : millis / 1000.0;
                        }))
                .description("Smallest time left before a pending recording's link expires and RealtimeKit deletes it;"
                        + " NaN when nothing is pending")
                .register(registry);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        try {
            if (event instanceof ExchangeCompletedEvent completed && INTAKE_ROUTE.equals(completed.getExchange().getFromRouteId())) {
                delivery(completed.getExchange());
            } else if (event instanceof ExchangeSentEvent sent) {
                sent(sent.getEndpoint().getEndpointUri(), sent.getExchange(), sent.getTimeTaken());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not update a metric: {}", e.toString());
        }
    }

    private void delivery(Exchange exchange) {
        RecordingEvent parsed = exchange.getVariable("event", RecordingEvent.class);
        String eventType = parsed == null ? "unknown"
                : EVENT_TYPES.contains(parsed.eventType()) ? parsed.eventType() : "other";
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        String outcome;
        String reason = "none";
        if (failure != null) {
            outcome = "rejected";
            reason = rejectionReason(failure);
        } else if (exchange.getVariable("held") instanceof String held) {
            // a signed delivery kept with a reason (issue 10): counted whether new or held before
            outcome = "held";
            IntakeGate.Reading reading = exchange.getVariable("reading", IntakeGate.Reading.class);
            reason = reading != null && IntakeGate.HELD_REASONS.contains(reading.reasonCode()) ? reading.reasonCode() : "other";
        } else if (exchange.getVariable("outcome") instanceof Inbox.Outcome stored) {
            outcome = stored == Inbox.Outcome.ACCEPTED ? "accepted" : "duplicate";
        } else {
            outcome = "ignored";
        }
        Counter.builder("archiver.deliveries").description("Webhook deliveries by event type, outcome (accepted, duplicate, ignored, held, rejected) and reason")
                .tag("event", eventType).tag("outcome", outcome).tag("reason", reason)
                .register(registry).increment();
    }

    /** The reason code of a refused delivery, from the HTTP status it was answered with. */
    static String rejectionReason(Throwable failure) {
        if (!(failure instanceof IntakeRejection rejection)) {
            return "store-unavailable";
        }
        return switch (rejection.getStatus()) {
            case 400 -> "malformed";
            case 401 -> "bad-signature";
            case 413 -> "too-large";
            case 415 -> "not-json";
            case 503 -> "key-unavailable";
            default -> "other";
        };
    }

    private void sent(String uri, Exchange exchange, long millis) {
        switch (uri) {
            case TRANSFER_FILE -> transfer(exchange, millis);
            case ON_RECORDING_ARCHIVED -> archived(exchange);
            case ON_RECORDING_ERRORED -> archive("errored", exchange.getVariable("reason", String.class));
            case ON_ARCHIVE_FAILED -> archive("failed", exchange.getVariable("reason", String.class));
            case ARCHIVE_FAILED -> deadLetter("archive");
            case HOOK_FAILED -> deadLetter(exchange.getVariable("hook", "unknown", String.class));
            default -> {
                // not a metric
            }
        }
    }

    private void transfer(Exchange exchange, long millis) {
        boolean ok = exchange.getException() == null && exchange.getVariable("stored") instanceof ArchivedFile;
        Timer.builder("archiver.transfer.duration").description("Time to stream one file from RealtimeKit into the bucket")
                .tag("outcome", ok ? "stored" : "failed").register(registry).record(millis, TimeUnit.MILLISECONDS);
        if (ok) {
            Counter.builder("archiver.archived.bytes").description("Bytes stored in the bucket (recordings and audio files)")
                    .register(registry).increment(exchange.getVariable("stored", ArchivedFile.class).size());
        }
    }

    private void archived(Exchange exchange) {
        archive("archived", null);
        RecordingEvent event = exchange.getVariable("event", RecordingEvent.class);
        Map<String, Object> row = event == null ? null : queries.recording(event.recordingId());
        if (row != null && row.get("uploaded_at") != null && row.get("archived_at") != null) {
            long millis = ((Number) row.get("archived_at")).longValue() - ((Number) row.get("uploaded_at")).longValue();
            Timer.builder("archiver.uploaded.to.archived").description("Time from the UPLOADED webhook to the archive being verified")
                    .register(registry).record(Math.max(0, millis), TimeUnit.MILLISECONDS);
        }
    }

    private void archive(String outcome, String reason) {
        String code = reason == null ? "none" : REASONS.contains(reason) ? reason : "other";
        Counter.builder("archiver.archives").description("Recordings by archive outcome (archived, errored, failed) and reason")
                .tag("outcome", outcome).tag("reason", code).register(registry).increment();
    }

    private void deadLetter(String route) {
        Counter.builder("archiver.dead.letters")
                .description("Work given up on after its retries: archives marked FAILED (route archive) and hook calls"
                        + " reported to direct:hook-failed (the hook's route id)")
                .tag("route", route).register(registry).increment();
    }

    private static double orNaN(Supplier<Number> value) {
        try {
            Number n = value.get();
            return n == null ? Double.NaN : n.doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
