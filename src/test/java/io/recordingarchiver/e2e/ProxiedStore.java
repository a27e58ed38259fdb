package io.recordingarchiver.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.recordingarchiver.testkit.StoreProxy;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible store for the archiver to talk to, as a production deployment does
 * ({@code archiver.s3.embedded=false}): s3proxy on a free loopback port, filesystem-backed under a
 * temporary folder, behind a {@link StoreProxy} in the given mode that records every request.
 * s3proxy checks SigV4 signatures, except in {@link StoreProxy.Mode#DROP_UNIMPLEMENTED_HEADERS},
 * where the proxy removes signed headers. {@link #s3()} reads the bucket directly (not through the
 * proxy); {@link #settings()} points an archiver at the proxy.
 */
final class ProxiedStore implements AutoCloseable {

    static final String BUCKET = "recordings";
    private static final String ACCESS_KEY = "proxied-test-key";
    private static final String SECRET_KEY = "proxied-test-secret";

    private final Path dir;
    private final S3Proxy s3proxy;
    private final StoreProxy proxy;
    private final S3Client s3;

    ProxiedStore(StoreProxy.Mode mode) throws Exception {
        dir = Files.createTempDirectory("archiver-proxied-s3");
        boolean authenticated = mode != StoreProxy.Mode.DROP_UNIMPLEMENTED_HEADERS;
        s3proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(authenticated ? AuthenticationType.AWS_V2_OR_V4 : AuthenticationType.NONE,
                        ACCESS_KEY, SECRET_KEY)
                .build();
        s3proxy.start();
        while (!s3proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        URI direct = URI.create("http://127.0.0.1:" + s3proxy.getPort());
        proxy = new StoreProxy(direct, mode);
        s3 = S3Client.builder().endpointOverride(direct).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    /** The settings that make an archiver use this store, through the proxy. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("archiver.s3.embedded", "false");
        settings.put("archiver.s3.endpoint", proxy.endpoint().toString());
        settings.put("archiver.s3.path-style", "true");
        settings.put("archiver.s3.access-key", ACCESS_KEY);
        settings.put("archiver.s3.secret-key", SECRET_KEY);
        settings.put("archiver.s3.bucket", BUCKET);
        return settings;
    }

    /** Applies {@link #settings()} to an environment. */
    ArchiverEnvironment configure(ArchiverEnvironment env) {
        settings().forEach(env::with);
        return env;
    }

    StoreProxy proxy() {
        return proxy;
    }

    /** A client of the store itself, past the proxy. */
    S3Client s3() {
        return s3;
    }

    @Override
    public void close() throws Exception {
        try {
            s3.close();
            proxy.close();
            s3proxy.stop();
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                // a temporary folder left behind is not worth failing a test for
            }
        }
    }
}
