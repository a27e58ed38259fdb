package io.recordingarchiver.transfer;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.recordingarchiver.Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The bucket's S3 client, built on a thread of its own from the first moment of a start (and the
 * embedded store started before it, when it is the bucket), while the main thread sets up the state
 * store and the routes; {@link #await()} hands it over when the transfer stage is wired.
 *
 * <p>Why: building the client (the AWS SDK loads and initialises a few thousand classes) and starting
 * s3proxy were a fifth of the main thread's start-up, measured with JFR on {@code bin/archiver}, and
 * nothing before the transfer stage needs them. Nothing is connected here: the first request to the
 * store is the embedded bucket's creation ({@code TransferBeans}) or the first transfer.
 */
public final class StoreClientStart {

    /** Credentials of the embedded store; it listens on the loopback interface only. */
    public static final String EMBEDDED_ACCESS_KEY = "archiver-local";
    public static final String EMBEDDED_SECRET_KEY = "archiver-local-secret";

    /** The client and, when the embedded store is the bucket, that store (started). */
    public record Started(S3Client client, EmbeddedS3 embedded) {
    }

    /** Where the client connects and with which keys; {@code dataDir} holds the embedded store's files. */
    public record Store(String region, String endpoint, String accessKey, String secretKey, String dataDir) {
    }

    private final CompletableFuture<Started> started;

    private StoreClientStart(CompletableFuture<Started> started) {
        this.started = started;
    }

    /** Starts building on a daemon thread named {@code store-client-start}. */
    public static StoreClientStart begin(Store store, Settings settings) {
        CompletableFuture<Started> started = new CompletableFuture<>();
        Thread builder = new Thread(() -> {
            try {
                started.complete(build(store, settings));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "store-client-start");
        builder.setDaemon(true);
        builder.start();
        return new StoreClientStart(started);
    }

    /**
     * Waits for the client.
     *
     * @throws Exception what building it threw (the embedded store's port taken, a malformed endpoint, ...)
     */
    public Started await() throws Exception {
        try {
            return started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Builds the client on the calling thread; for the embedded store, starts it first. */
    static Started build(Store store, Settings settings) throws Exception {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(store.region()))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(4 * settings.integer("archiver.s3.parallel-parts")
                                * settings.integer("archiver.dispatch.concurrency")));
        StoreClientSettings.applyTo(builder, settings);
        if (settings.bool("archiver.s3.embedded")) {
            EmbeddedS3 embedded = new EmbeddedS3(Path.of(store.dataDir(), "s3"),
                    settings.integer("archiver.s3.embedded-port"), EMBEDDED_ACCESS_KEY, EMBEDDED_SECRET_KEY);
            embedded.start();
            try {
                return new Started(builder.endpointOverride(embedded.endpoint()).forcePathStyle(true)
                        .credentialsProvider(credentials(EMBEDDED_ACCESS_KEY, EMBEDDED_SECRET_KEY))
                        .build(), embedded);
            } catch (RuntimeException e) {
                embedded.stop();
                throw e;
            }
        }
        if (!store.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(store.endpoint()));
        }
        return new Started(builder.forcePathStyle(settings.bool("archiver.s3.path-style"))
                .credentialsProvider(credentials(store.accessKey(), store.secretKey()))
                .build(), null);
    }

    /** The configured key pair, else (no access key) the AWS default chain: environment, profile, instance role. */
    static AwsCredentialsProvider credentials(String accessKey, String secretKey) {
        if (accessKey.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
}
