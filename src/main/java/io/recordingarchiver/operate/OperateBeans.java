package io.recordingarchiver.operate;

import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.recordingarchiver.Settings;
import io.recordingarchiver.dispatch.Inbox;
import io.recordingarchiver.dispatch.RecordingLedger;
import io.recordingarchiver.intake.IntakeGate;
import io.recordingarchiver.intake.IntakeMode;
import io.recordingarchiver.intake.WebhookSignature;
import io.recordingarchiver.transfer.RunningTransfers;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything an operator calls or reads, and what brings back work that would otherwise be lost:
 * the management port's engine, the status API and its queries, the admin token and answers, held
 * deliveries, reconciliation with the REST API (missed webhooks, backfills, polling), operator
 * replays, the watch on recordings close to deletion, the one redelivery policy of transient
 * failures; and, in {@link #configure(CamelContext)}, the metrics, the readiness checks and the
 * endpoint summary. Wired last (see {@code ArchiverConfiguration} for how camel-main runs this class).
 */
public class OperateBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(OperateBeans.class);

    /** Longest wait of the bucket readiness probe. */
    private static final Duration BUCKET_PROBE_TIMEOUT = Duration.ofSeconds(5);

    @BindToRegistry("managementHttpEngine")
    public ManagementHttpEngine managementHttpEngine(Settings settings) {
        return new ManagementHttpEngine(settings.integer("archiver.management.port"));
    }

    @BindToRegistry("recordingQueries")
    public RecordingQueries recordingQueries(DataSource dataSource) {
        return new RecordingQueries(dataSource);
    }

    @BindToRegistry("statusApi")
    public StatusApi statusApi(RecordingQueries queries, RunningTransfers transfers) {
        return new StatusApi(queries, transfers);
    }

    @BindToRegistry("hookMessages")
    public HookMessages hookMessages() {
        return new HookMessages();
    }

    @BindToRegistry("recordingLogContext")
    public RecordingLogContext recordingLogContext() {
        return new RecordingLogContext();
    }

    @BindToRegistry("adminToken")
    public AdminToken adminToken(@PropertyInject("archiver.admin.token") String token) {
        return new AdminToken(token);
    }

    @BindToRegistry("adminAnswers")
    public AdminAnswers adminAnswers() {
        return new AdminAnswers();
    }

    @BindToRegistry("heldDeliveries")
    public HeldDeliveries heldDeliveries(DataSource dataSource, IntakeGate intakeGate, Inbox inbox) {
        return new HeldDeliveries(dataSource, intakeGate, inbox);
    }

    /**
     * Reconciliation with the REST API, as the intake mode asks. Polling needs the REST API: a
     * missing token, account or app id stops the start with what to set.
     */
    @BindToRegistry("reconciliation")
    public Reconciliation reconciliation(Inbox inbox, RecordingLedger ledger,
            @PropertyInject("archiver.intake.mode") String intakeMode,
            @PropertyInject("archiver.realtimekit.api-token") String apiToken,
            @PropertyInject("archiver.realtimekit.account-id") String accountId,
            @PropertyInject("archiver.realtimekit.app-id") String appId, Settings settings) {
        IntakeMode mode = IntakeMode.parse(intakeMode);
        if (mode.polls()) {
            requireApiAccess("archiver.realtimekit.api-token", apiToken);
            requireApiAccess("archiver.realtimekit.account-id", accountId);
            requireApiAccess("archiver.realtimekit.app-id", appId);
        }
        Reconciliation reconciliation = new Reconciliation(inbox, ledger, apiToken,
                settings.duration("archiver.reconcile.lookback"), mode);
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
        return reconciliation;
    }

    private static void requireApiAccess(String key, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("archiver.intake.mode=polling reads the RealtimeKit REST API: set "
                    + key + " (environment variable " + key.toUpperCase(Locale.ROOT).replace('.', '_')
                    .replace('-', '_') + ")");
        }
    }

    @BindToRegistry("replays")
    public Replays replays(DataSource dataSource) {
        return new Replays(dataSource);
    }

    /** The watch on recordings close to deletion; its gauge exists from the start (the alerts read it). */
    @BindToRegistry("deadlineWatch")
    public DeadlineWatch deadlineWatch(DataSource dataSource, Settings settings, CamelContext context)
            throws Exception {
        DeadlineWatch deadlineWatch = new DeadlineWatch(dataSource, settings.duration("archiver.deadline.warn-before"),
                () -> context.getRegistry().lookupByNameAndType(ArchiverMetrics.REGISTRY_NAME, MeterRegistry.class));
        context.addStartupListener((started, alreadyStarted) -> deadlineWatch.registerGauge());
        return deadlineWatch;
    }

    /** The redelivery delay that honours the REST API's {@code retry-after}, within the retry bounds. */
    @BindToRegistry("retryAfterDelay")
    public RetryAfterDelay retryAfterDelay(Settings settings) {
        return new RetryAfterDelay(Math.toIntExact(settings.duration("archiver.retry.initial-delay").toMillis()),
                Math.toIntExact(settings.duration("archiver.retry.max-delay").toMillis()));
    }

    @BindToRegistry("transientRetryPolicy")
    public RedeliveryPolicy transientRetryPolicy(Settings settings) {
        return transientRetryPolicy(settings.integer("archiver.retry.max-redeliveries"),
                settings.duration("archiver.retry.initial-delay").toMillis(),
                settings.duration("archiver.retry.max-delay").toMillis());
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

    /**
     * What is not a bean: the archiver's metrics, the endpoint summary and readiness gauge at start,
     * and the readiness checks. Runs after every configuration's beans are bound, before the routes
     * are read.
     */
    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        Settings settings = new Settings(context);
        RecordingQueries queries = registry.lookupByNameAndType("recordingQueries", RecordingQueries.class);
        context.getManagementStrategy().addEventNotifier(new ArchiverMetrics(queries));
        context.addStartupListener(new EndpointSummary(settings.integer("archiver.http.port"),
                settings.integer("archiver.management.port")));
        context.addStartupListener(new ReadinessGauge(ArchiverMetrics.REGISTRY_NAME));

        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        health.register(new ReadinessCheck("state-store", () -> {
            queries.ping();
            return null;
        }));
        String bucket = settings.get("archiver.s3.bucket");
        // reported, not gating readiness: deliveries are taken while the store is down (ReadinessCheck)
        health.register(ReadinessCheck.reportOnly("bucket", () -> {
            registry.lookupByNameAndType("s3Client", S3Client.class).headBucket(b -> b.bucket(bucket)
                    .overrideConfiguration(c -> c.apiCallTimeout(BUCKET_PROBE_TIMEOUT)));
            return null;
        }));
        health.register(new ReadinessCheck("signing-key", () ->
                registry.lookupByNameAndType("webhookSignature", WebhookSignature.class).keyAvailable() ? null
                        : "the RealtimeKit webhook public key is neither configured nor obtainable from its URL"));
    }
}
