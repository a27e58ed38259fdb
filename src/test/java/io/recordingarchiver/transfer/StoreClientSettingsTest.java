package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import io.recordingarchiver.Settings;

/** The store settings as the start reads them: a bad value stops it with a message naming the setting. */
class StoreClientSettingsTest {

    @Test
    void theShippedDefaultsBuildAClient() throws Exception {
        try (DefaultCamelContext context = contextWith(new Properties())) {
            S3ClientBuilder builder = S3Client.builder().region(Region.US_EAST_1);
            StoreClientSettings.applyTo(builder, new Settings(context));
            try (S3Client client = builder.build()) {
                assertThat(client.serviceClientConfiguration().overrideConfiguration().executionInterceptors())
                        .filteredOn(i -> i.getClass().getName().startsWith("io.recordingarchiver"))
                        .as("the refusal hint and the object settings").hasSize(2);
            }
        }
    }

    @Test
    void badTagsStopTheStart() throws Exception {
        Properties bad = new Properties();
        bad.setProperty("archiver.s3.tags", "team");
        try (DefaultCamelContext context = contextWith(bad)) {
            assertThatThrownBy(() -> StoreClientSettings.applyTo(S3Client.builder(), new Settings(context)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the setting archiver.s3.tags must be URL-encoded key=value pairs");
        }
    }

    @Test
    void badChecksumModeStopsTheStart() throws Exception {
        Properties bad = new Properties();
        bad.setProperty("archiver.s3.request-checksum-calculation", "off");
        try (DefaultCamelContext context = contextWith(bad)) {
            assertThatThrownBy(() -> StoreClientSettings.applyTo(S3Client.builder(), new Settings(context)))
                    .hasMessageContaining("archiver.s3.request-checksum-calculation must be when-supported or when-required");
        }
    }

    /** A context reading the repository's application.properties, with {@code overrides} on top. */
    private static DefaultCamelContext contextWith(Properties overrides) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:application.properties");
        context.getPropertiesComponent().setOverrideProperties(overrides);
        return context;
    }
}
