package io.recordingarchiver;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans that bring back what would otherwise be lost: reconciliation with the REST API (missed
 * webhooks, backfills), operator replays of FAILED recordings,
 * the admin API's answers, the watch on recordings close to deletion, and the redelivery delay that honours the REST API's {@code retry-after}. Called by {@link ArchiverBeans} once the state store exists.
 */
final class RecoveryBeans {

    private RecoveryBeans() {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryBeans.class);

    static void bind(CamelContext context, Settings settings, DataSource dataSource) {
        Registry registry = context.getRegistry();
        Reconciliation reconciliation = new Reconciliation(registry.lookupByNameAndType("inbox", Inbox.class),
                registry.lookupByNameAndType("recordingLedger", RecordingLedger.class),
                settings.get("archiver.realtimekit.api-token"));
        registry.bind("reconciliation", reconciliation);
        if (reconciliation.enabled()) {
            LOG.info("Reconciliation with the REST API every {}", settings.duration("archiver.reconcile.interval"));
        } else {
            LOG.info("Reconciliation with the REST API is off: no archiver.realtimekit.api-token is configured");
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
        registry.bind("retryAfterDelay", new RetryAfterDelay(settings.integer("archiver.retry.initial-delay-ms"),
                settings.integer("archiver.retry.max-delay-ms")));
    }
}
