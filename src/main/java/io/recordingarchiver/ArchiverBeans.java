package io.recordingarchiver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

import io.recordingarchiver.transfer.BufferBudget;
import io.recordingarchiver.transfer.FileSource;
import io.recordingarchiver.transfer.TransferManager;

import io.recordingarchiver.operate.HeldDeliveries;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import io.recordingarchiver.operate.RecoveryBeans;
import io.recordingarchiver.operate.OperationsBeans;
import io.recordingarchiver.operate.AdminToken;
import io.recordingarchiver.dispatch.Inbox;
import io.recordingarchiver.dispatch.RecordingLedger;
import io.recordingarchiver.dispatch.Schema;
import io.recordingarchiver.dispatch.StateStore;
import io.recordingarchiver.intake.IntakeGate;
import io.recordingarchiver.intake.WebhookSignature;
import io.recordingarchiver.archive.ArchivePlan;
import io.recordingarchiver.archive.DownloadGuard;
import io.recordingarchiver.archive.ArchiveKeys;
import io.recordingarchiver.transfer.StoreClientSettings;
import io.recordingarchiver.transfer.Transfers;
import io.recordingarchiver.transfer.RunningTransfers;
import io.recordingarchiver.transfer.EmbeddedS3;
import io.recordingarchiver.transfer.JsonObjects;
import io.recordingarchiver.transfer.TransferJournal;

/**
 * Builds the archiver's beans from {@code application.properties} (each setting overridable by its
 * environment variable) and binds them under the names the YAML routes use.
 */
public class ArchiverBeans implements CamelConfiguration {

    /** Credentials of the embedded store; it listens on the loopback interface only. */
    public static final String EMBEDDED_ACCESS_KEY = "archiver-local";
    public static final String EMBEDDED_SECRET_KEY = "archiver-local-secret";

    private static final Logger LOG = LoggerFactory.getLogger(ArchiverBeans.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        // {{millis:<duration setting>}} in the routes, before they are read
        context.getPropertiesComponent().addPropertiesFunction(DurationFunction.millis(settings));
        // what a stopping process (SIGTERM) gives running transfers; set here, after camel.main.* is bound
        context.getShutdownStrategy().setTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
        context.getShutdownStrategy().setTimeout(settings.duration("archiver.shutdown.timeout").toMillis());
        Registry registry = context.getRegistry();

        DataSource dataSource = dataSource(settings);
        // closed once Camel has stopped, after the services below that still write while it stops
        context.addService(StateStore.closedOnStop(dataSource), true, true);
        Schema.create(dataSource);
        registry.bind("dataSource", dataSource);

        Inbox inbox = new Inbox(dataSource, settings.duration("archiver.dispatch.lease"),
                settings.duration("archiver.retry.initial-delay"),
                settings.integer("archiver.dispatch.concurrency"));
        if (settings.get("archiver.db.url").startsWith("jdbc:h2:")) {
            inbox.releaseAllClaims();
        }
        registry.bind("inbox", inbox);
        LOG.info("This instance marks its claims {} (delivery.claimed_by)", inbox.owner());
        // stopped after the routes (graceful shutdown): what this process still holds goes back to the queue
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                inbox.releaseOwnClaims();
            }
        }, true, true);
        registry.bind("recordingLedger", new RecordingLedger(dataSource));

        S3Client s3 = s3Client(context, settings);
        registry.bind("s3Client", s3);
        RunningTransfers transfers = new RunningTransfers(settings.duration("archiver.progress.log-interval"));
        DownloadGuard downloadGuard = new DownloadGuard(settings.bool("archiver.download.require-https"),
                settings.get("archiver.download.allowed-hosts"), settings.bool("archiver.download.allow-private-networks"));
        TransferManager transferManager = transferManager(settings, s3, downloadGuard,
                new Transfers(dataSource, settings.duration("archiver.dispatch.lease"), inbox.owner()), transfers);
        if (settings.bool("archiver.s3.embedded")) {
            ensureBucketBesideTheStart(context, transferManager);
        }
        registry.bind("transferManager", transferManager);
        registry.bind("jsonObjects", new JsonObjects(s3, settings.get("archiver.s3.bucket")));

        registry.bind("webhookSignature", new WebhookSignature(settings.get("archiver.webhook.public-key"),
                publicKeyUrls(settings), Duration.ofMinutes(1), Duration.ofSeconds(10)));
        if (!settings.bool("archiver.webhook.verify-signatures")) {
            LOG.warn("Webhook signature verification is OFF (archiver.webhook.verify-signatures=false): anyone who"
                    + " can reach the webhook URL can submit recording events and make the archiver download links");
        }
        registry.bind("adminToken", new AdminToken(settings.get("archiver.admin.token")));
        ArchiveKeys archiveKeys = new ArchiveKeys(settings.get("archiver.s3.key-template"),
                settings.get("archiver.s3.error-key-template"));
        IntakeGate intakeGate = new IntakeGate(archiveKeys);
        registry.bind("intakeGate", intakeGate);
        registry.bind("heldDeliveries", new HeldDeliveries(dataSource, intakeGate, inbox));
        registry.bind("archivePlan", new ArchivePlan(archiveKeys, settings.duration("archiver.download.expiry-margin")));
        registry.bind("downloadGuard", downloadGuard);
        OperationsBeans.bind(context, settings, dataSource, transfers);
        RecoveryBeans.bind(context, settings, dataSource);
    }

    /**
     * The key URLs: {@code archiver.webhook.public-key-urls}, unless the deprecated single-URL
     * setting {@code archiver.webhook.public-key-url} is still set (read for one more release, with
     * a WARN): then that one URL alone, as before.
     */
    static String publicKeyUrls(Settings settings) {
        String legacy = settings.optional("archiver.webhook.public-key-url");
        if (!legacy.isBlank()) {
            LOG.warn("archiver.webhook.public-key-url is deprecated and will be removed in the next release: it is"
                    + " used alone now; set archiver.webhook.public-key-urls (a comma-separated list) instead");
            return legacy;
        }
        return settings.get("archiver.webhook.public-key-urls");
    }

    /**
     * Creates the embedded store's bucket on a thread of its own while Camel loads the routes (the AWS
     * SDK's first call is one of the slowest steps of a start), and waits for it before the context
     * starts, so the bucket exists before any route runs; a failure stops the start as before.
     */
    private static void ensureBucketBesideTheStart(CamelContext context, TransferManager bucket) throws Exception {
        CompletableFuture<Void> created = new CompletableFuture<>();
        Thread creator = new Thread(() -> {
            try {
                bucket.ensureBucket();
                created.complete(null);
            } catch (Throwable e) {
                created.completeExceptionally(e);
            }
        }, "embedded-bucket");
        creator.setDaemon(true);
        creator.start();
        context.addService(new ServiceSupport() {
            @Override
            protected void doStart() throws Exception {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
        }, false, true);
    }

    /** The transfer engine: one memory budget, one source HTTP client and one part pool for all transfers. */
    private static TransferManager transferManager(Settings settings, S3Client s3, DownloadGuard guard,
            TransferJournal journal, RunningTransfers transfers) {
        int connections = settings.integer("archiver.download.connections-per-file");
        FileSource source = new FileSource(guard, 2 * connections * settings.integer("archiver.dispatch.concurrency"),
                Math.toIntExact(settings.duration("archiver.download.connect-timeout").toMillis()),
                Math.toIntExact(settings.duration("archiver.download.read-timeout").toMillis()));
        BufferBudget budget = new BufferBudget(BufferBudget.budgetFor(settings.bytes("archiver.transfer.memory-budget")));
        LOG.info("Transfers share {} MiB of part buffers (archiver.transfer.memory-budget)",
                budget.budgetBytes() / (1024 * 1024));
        return new TransferManager(s3, settings.get("archiver.s3.bucket"), source, journal, transfers, budget,
                settings.bytes("archiver.s3.part-size"), settings.integer("archiver.s3.parallel-parts"), connections);
    }

    private static DataSource dataSource(Settings settings) {
        return StateStore.open(settings.get("archiver.db.url"), settings.get("archiver.db.user"),
                settings.get("archiver.db.password"), settings.integer("archiver.dispatch.concurrency") + 6,
                settings.duration(StateStore.START_TIMEOUT));
    }

    private static S3Client s3Client(CamelContext context, Settings settings) throws Exception {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.get("archiver.s3.region")))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(4 * settings.integer("archiver.s3.parallel-parts")
                                * settings.integer("archiver.dispatch.concurrency")));
        StoreClientSettings.applyTo(builder, settings);
        if (settings.bool("archiver.s3.embedded")) {
            EmbeddedS3 embedded = new EmbeddedS3(Path.of(settings.get("archiver.data-dir"), "s3"),
                    settings.integer("archiver.s3.embedded-port"), EMBEDDED_ACCESS_KEY, EMBEDDED_SECRET_KEY);
            embedded.start();
            context.addService(embedded, true, true);
            return builder.endpointOverride(embedded.endpoint()).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(EMBEDDED_ACCESS_KEY, EMBEDDED_SECRET_KEY)))
                    .build();
        }
        String endpoint = settings.get("archiver.s3.endpoint");
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.forcePathStyle(settings.bool("archiver.s3.path-style"))
                .credentialsProvider(credentials(settings))
                .build();
    }

    /** The configured key pair, else the AWS default chain (environment, profile, instance role). */
    private static AwsCredentialsProvider credentials(Settings settings) {
        String accessKey = settings.get("archiver.s3.access-key");
        if (accessKey.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKey, settings.get("archiver.s3.secret-key")));
    }
}
