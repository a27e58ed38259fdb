package io.recordingarchiver.transfer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.support.service.ServiceSupport;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3-compatible store of the default configuration: s3proxy in-process, backed by files under
 * the data directory, listening on the loopback interface only. It lets a new user watch a whole
 * archive happen before owning a bucket; production turns it off ({@code archiver.s3.embedded=false}).
 */
public final class EmbeddedS3 extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

    private final Path baseDir;
    private final int requestedPort;
    private final String accessKey;
    private final String secretKey;
    private S3Proxy proxy;

    public EmbeddedS3(Path baseDir, int port, String accessKey, String secretKey) {
        this.baseDir = baseDir;
        this.requestedPort = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    @Override
    protected void doStart() throws Exception {
        Files.createDirectories(baseDir);
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(baseDir.toAbsolutePath().normalize().toString()))
                .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        LOG.info("Embedded S3 store listening on {} with its files under {}", endpoint(), baseDir.toAbsolutePath().normalize());
    }

    @Override
    protected void doStop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    /** The endpoint clients reach it at; valid once started. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }
}
