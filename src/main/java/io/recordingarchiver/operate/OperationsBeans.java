package io.recordingarchiver.operate;

import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import software.amazon.awssdk.services.s3.S3Client;
import io.recordingarchiver.Settings;
import io.recordingarchiver.intake.WebhookSignature;
import io.recordingarchiver.transfer.RunningTransfers;

/**
 * The beans of the management port: the engine that puts routes on it, the status API and its
 * queries, the archiver's metrics, its readiness checks and their gauge, the per-port endpoint summary. Called by {@link ArchiverBeans} once the
 * state store, the bucket client and the signature check exist.
 */
public final class OperationsBeans {

    /** Longest wait of the bucket readiness probe. */
    private static final Duration BUCKET_PROBE_TIMEOUT = Duration.ofSeconds(5);

    private OperationsBeans() {
    }

    public static void bind(CamelContext context, Settings settings, DataSource dataSource, RunningTransfers transfers) {
        Registry registry = context.getRegistry();
        registry.bind("managementHttpEngine", new ManagementHttpEngine(settings.integer("archiver.management.port")));
        RecordingQueries queries = new RecordingQueries(dataSource);
        registry.bind("recordingQueries", queries);
        registry.bind("transfers", transfers);
        registry.bind("statusApi", new StatusApi(queries, transfers));
        registry.bind("hookMessages", new HookMessages());
        registry.bind("recordingLogContext", new RecordingLogContext());

        context.getManagementStrategy().addEventNotifier(new ArchiverMetrics(queries));
        try {
            context.addStartupListener(new EndpointSummary(settings.integer("archiver.http.port"),
                    settings.integer("archiver.management.port")));
            context.addStartupListener(new ReadinessGauge(ArchiverMetrics.REGISTRY_NAME));
        } catch (Exception e) {
            throw new IllegalStateException("Could not register the endpoint summary", e);
        }

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
