package io.recordingarchiver.operate;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.recordingarchiver.intake.IntakeMode;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.recordingarchiver.Settings;
import io.recordingarchiver.dispatch.Inbox;
import io.recordingarchiver.dispatch.RecordingLedger;

/**
 * The beans that bring back what would otherwise be lost: reconciliation with the REST API (missed
 * webhooks, backfills), operator replays of FAILED recordings,
 * the admin API's answers, the watch on recordings close to deletion, and the redelivery delay that honours the REST API's {@code retry-after}. Called by {@link ArchiverBeans} once the state store exists.
 */
public final class RecoveryBeans {

    private RecoveryBeans() {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryBeans.class);

    /** Polling needs the REST API: a missing token, account or app id stops the start with what to set. */
    private static void requireApiAccess(Settings settings) {
        for (String key : new String[] {"archiver.realtimekit.api-token", "archiver.realtimekit.account-id",
                "archiver.realtimekit.app-id"}) {
            if (settings.get(key).isBlank()) {
                throw new IllegalArgumentException("archiver.intake.mode=polling reads the RealtimeKit REST API: set "
                        + key + " (environment variable " + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_')
                        .replace('-', '_') + ")");
            }
        }
    }

    public static void bind(CamelContext context, Settings settings, DataSource dataSource) {
        Registry registry = context.getRegistry();
        IntakeMode mode = IntakeMode.parse(settings.get("archiver.intake.mode"));
        if (mode.polls()) {
            requireApiAccess(settings);
        }
        Reconciliation reconciliation = new Reconciliation(registry.lookupByNameAndType("inbox", Inbox.class),
                registry.lookupByNameAndType("recordingLedger", RecordingLedger.class),
                settings.get("archiver.realtimekit.api-token"), settings.duration("archiver.reconcile.lookback"), mode);
        registry.bind("reconciliation", reconciliation);
        if (mode.polls()) {
            LOG.info("Intake mode polling: the REST API's list is read every {}; the webhook port stays closed",
                    settings.duration("archiver.poll.interval"));
        } else if (reconciliation.reconciling()) {
            LOG.info("Intake mode {}: reconciliation with the REST API every {}", mode,
                    settings.duration("archiver.reconcile.interval"));
        } else if (mode.reconciles()) {
            LOG.info("Reconciliation with the REST API is off: no archiver.realtimekit.api-token is configured");
        } else {
            LOG.info("Intake mode {}: webhook deliveries only, no scheduled reconciliation", mode);
        }
        registry.bind("replays", new Replays(dataSource));
        registry.bind("adminAnswers", new AdminAnswers());
        DeadlineWatch deadlineWatch = new DeadlineWatch(dataSource, settings.duration("archiver.deadline.warn-before"),
                () -> registry.lookupByNameAndType(ArchiverMetrics.REGISTRY_NAME, MeterRegistry.class));
        registry.bind("deadlineWatch", deadlineWatch);
        try {
            // the gauge exists from the start (the alerts read it), not only after the first check
            context.addStartupListener((started, alreadyStarted) -> deadlineWatch.registerGauge());
        } catch (Exception e) {
            throw new IllegalStateException("Could not register the deadline gauge", e);
        }
        int initialDelay = Math.toIntExact(settings.duration("archiver.retry.initial-delay").toMillis());
        int maxDelay = Math.toIntExact(settings.duration("archiver.retry.max-delay").toMillis());
        registry.bind("retryAfterDelay", new RetryAfterDelay(initialDelay, maxDelay));
        registry.bind("transientRetryPolicy", transientRetryPolicy(settings.integer("archiver.retry.max-redeliveries"),
                initialDelay, maxDelay));
    }

    /**
     * The one redelivery policy of transient failures (a download or API 5xx/429, a timeout, S3
     * unavailable), referenced as {@code redeliveryPolicyRef: transientRetryPolicy} by the error
     * handling of routes/30-archive.yaml and routes/50-reconcile.yaml: exponential backoff from
     * {@code initialDelay} to {@code maxDelay} milliseconds, {@code maxRedeliveries} times, one WARN per
     * attempt without a stack trace. {@link RetryAfterDelay} lengthens a wait to a 429's retry-after.
     */
    static RedeliveryPolicy transientRetryPolicy(int maxRedeliveries, long initialDelay, long maxDelay) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(maxRedeliveries);
        policy.setRedeliveryDelay(initialDelay);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setMaximumRedeliveryDelay(maxDelay);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setLogStackTrace(false);
        policy.setLogRetryStackTrace(false);
        policy.setLogExhausted(false);
        policy.setLogHandled(false);
        return policy;
    }
}
