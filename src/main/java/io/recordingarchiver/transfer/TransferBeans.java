package io.recordingarchiver.transfer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

import io.recordingarchiver.Settings;
import io.recordingarchiver.archive.DownloadGuard;
import io.recordingarchiver.dispatch.Inbox;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Moving files into the bucket: the S3 client (and the embedded store when it is the bucket), the
 * running transfers and the transfer engine. Wired after the state store and the archive stage
 * (see {@code ArchiverConfiguration} for how camel-main runs this class).
 */
public class TransferBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TransferBeans.class);

    /**
     * The bucket's client, built beside the start by {@link StoreBeans}; the embedded store, when it
     * is the bucket, becomes a service of the context (stopped with it).
     */
    @BindToRegistry("s3Client")
    public S3Client s3Client(StoreClientStart start, CamelContext context) throws Exception {
        StoreClientStart.Started started = start.await();
        if (started.embedded() != null) {
            context.addService(started.embedded(), true, true);
        }
        return started.client();
    }

    /** The transfers under way, for the status API and the progress log. */
    @BindToRegistry("transfers")
    public RunningTransfers transfers(Settings settings) {
        return new RunningTransfers(settings.duration("archiver.progress.log-interval"));
    }

    /**
     * The transfer engine: one memory budget, one source HTTP client and one part pool for all
     * transfers, its journal in the state store. With the embedded store, its bucket is created
     * beside the rest of the start.
     */
    @BindToRegistry("transferManager")
    public TransferManager transferManager(S3Client s3, DownloadGuard guard, DataSource dataSource, Inbox inbox,
            RunningTransfers transfers, @PropertyInject("archiver.s3.bucket") String bucket, Settings settings,
            CamelContext context) throws Exception {
        int connections = settings.integer("archiver.download.connections-per-file");
        FileSource source = new FileSource(guard, 2 * connections * settings.integer("archiver.dispatch.concurrency"),
                Math.toIntExact(settings.duration("archiver.download.connect-timeout").toMillis()),
                Math.toIntExact(settings.duration("archiver.download.read-timeout").toMillis()));
        BufferBudget budget = new BufferBudget(BufferBudget.budgetFor(settings.bytes("archiver.transfer.memory-budget")));
        LOG.info("Transfers share {} MiB of part buffers (archiver.transfer.memory-budget)",
                budget.budgetBytes() / (1024 * 1024));
        TransferJournal journal = new Transfers(dataSource, settings.duration("archiver.dispatch.lease"), inbox.owner());
        TransferManager transferManager = new TransferManager(s3, bucket, source, journal, transfers, budget,
                settings.bytes("archiver.s3.part-size"), settings.integer("archiver.s3.parallel-parts"), connections);
        if (settings.bool("archiver.s3.embedded")) {
            ensureBucketBesideTheStart(context, transferManager);
        }
        return transferManager;
    }

    /** Writes the manifests and error reports with the bucket's client (no store call before the first write). */
    @BindToRegistry("jsonObjects")
    public JsonObjects jsonObjects(S3Client s3, @PropertyInject("archiver.s3.bucket") String bucket) {
        return new JsonObjects(s3, bucket);
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
}
