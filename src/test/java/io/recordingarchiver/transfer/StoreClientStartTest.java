package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

import io.recordingarchiver.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** The bucket client's endpoint and credentials, built beside the start, from the packaged application.properties and overrides. */
class StoreClientStartTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @TempDir
    Path dataDir;

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private Settings settings(String... overrides) {
        Properties properties = new Properties();
        for (int i = 0; i < overrides.length; i += 2) {
            properties.setProperty(overrides[i], overrides[i + 1]);
        }
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        context.getPropertiesComponent().setOverrideProperties(properties);
        return new Settings(context);
    }

    @Test
    void aConfiguredKeyPairIsUsedAsIs() {
        AwsCredentials credentials = StoreClientStart.credentials("AKIAEXAMPLE", "secret").resolveCredentials();

        assertThat(credentials.accessKeyId()).isEqualTo("AKIAEXAMPLE");
        assertThat(credentials.secretAccessKey()).isEqualTo("secret");
    }

    @Test
    void withoutAnAccessKeyTheAwsDefaultChainIsUsed() {
        assertThat(StoreClientStart.credentials("", "ignored")).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void anExternalStoreIsReachedAtItsConfiguredEndpointWithTheConfiguredKeys() throws Exception {
        Settings settings = settings("archiver.s3.embedded", "false", "archiver.s3.path-style", "true");

        try (S3Client s3 = StoreClientStart.build(new StoreClientStart.Store("eu-west-1", "http://127.0.0.1:20901",
                "AKIAEXAMPLE", "secret", "unused"), settings).client()) {
            assertThat(s3.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:20901"));
            assertThat(s3.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
            assertThat(s3.serviceClientConfiguration().credentialsProvider()).isInstanceOf(StaticCredentialsProvider.class);
        }
    }

    @Test
    void withoutAnEndpointTheRegionsOwnIsUsed() throws Exception {
        Settings settings = settings("archiver.s3.embedded", "false");

        try (S3Client s3 = StoreClientStart.build(new StoreClientStart.Store("eu-west-1", "", "", "", "unused"), settings)
                .client()) {
            assertThat(s3.serviceClientConfiguration().endpointOverride()).isEmpty();
        }
    }

    @Test
    void theEmbeddedStoreIsStartedOnItsOwnThreadAndServesTheClient() throws Exception {
        Settings settings = settings("archiver.s3.embedded", "true", "archiver.s3.embedded-port", "0");

        StoreClientStart.Started started = StoreClientStart.begin(
                new StoreClientStart.Store("us-east-1", "", "", "", dataDir.toString()), settings).await();
        try (S3Client s3 = started.client()) {
            assertThat(started.embedded()).isNotNull();
            assertThat(s3.serviceClientConfiguration().endpointOverride()).contains(started.embedded().endpoint());
            s3.createBucket(b -> b.bucket("started"));
            assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("started");
        } finally {
            started.embedded().stop();
        }
    }

    @Test
    void aFailureOnTheStartThreadStopsTheStartWithItsCause() throws Exception {
        Settings settings = settings("archiver.s3.embedded", "false");
        StoreClientStart start = StoreClientStart.begin(
                new StoreClientStart.Store("eu-west-1", "not a uri", "", "", "unused"), settings);

        assertThatThrownBy(start::await).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a uri");
    }

    @Test
    void theEmbeddedStoresTakenPortStopsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Settings settings = settings("archiver.s3.embedded", "true",
                    "archiver.s3.embedded-port", String.valueOf(taken.getLocalPort()));
            StoreClientStart start = StoreClientStart.begin(
                    new StoreClientStart.Store("us-east-1", "", "", "", dataDir.toString()), settings);

            assertThatThrownBy(start::await).isInstanceOf(Exception.class);
        }
    }
}
