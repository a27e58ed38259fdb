package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Properties;

import io.recordingarchiver.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** The bucket client's endpoint and credentials, from the packaged application.properties and overrides. */
class TransferBeansTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

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
        AwsCredentials credentials = TransferBeans.credentials("AKIAEXAMPLE", "secret").resolveCredentials();

        assertThat(credentials.accessKeyId()).isEqualTo("AKIAEXAMPLE");
        assertThat(credentials.secretAccessKey()).isEqualTo("secret");
    }

    @Test
    void withoutAnAccessKeyTheAwsDefaultChainIsUsed() {
        assertThat(TransferBeans.credentials("", "ignored")).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void anExternalStoreIsReachedAtItsConfiguredEndpointWithTheConfiguredKeys() throws Exception {
        Settings settings = settings("archiver.s3.embedded", "false", "archiver.s3.path-style", "true");

        try (S3Client s3 = new TransferBeans().s3Client("eu-west-1", "http://127.0.0.1:20901", "AKIAEXAMPLE", "secret",
                "unused", settings, context)) {
            assertThat(s3.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:20901"));
            assertThat(s3.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
            assertThat(s3.serviceClientConfiguration().credentialsProvider()).isInstanceOf(StaticCredentialsProvider.class);
        }
    }

    @Test
    void withoutAnEndpointTheRegionsOwnIsUsed() throws Exception {
        Settings settings = settings("archiver.s3.embedded", "false");

        try (S3Client s3 = new TransferBeans().s3Client("eu-west-1", "", "", "", "unused", settings, context)) {
            assertThat(s3.serviceClientConfiguration().endpointOverride()).isEmpty();
        }
    }
}
