package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the root configuration gives the routes and the shutdown before the routes are read. */
class ArchiverConfigurationTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private void configure(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(properties);
        new ArchiverConfiguration().configure(context);
    }

    @Test
    void theRoutesCanReadDurationSettingsInMilliseconds() {
        configure("archiver.shutdown.timeout", "PT30S", "archiver.retry.max-delay", "PT1M");

        assertThat(context.resolvePropertyPlaceholders("{{millis:archiver.retry.max-delay}}")).isEqualTo("60000");
    }

    @Test
    void theShutdownTimeoutIsTheSetting() {
        configure("archiver.shutdown.timeout", "PT45S");

        assertThat(context.getShutdownStrategy().getTimeUnit()).isEqualTo(TimeUnit.MILLISECONDS);
        assertThat(context.getShutdownStrategy().getTimeout()).isEqualTo(45_000);
    }

    @Test
    void theRetiredShutdownSecondsAreStillRead() {
        configure("archiver.shutdown.timeout", "PT30S", "archiver.shutdown.timeout-seconds", "5");

        assertThat(context.getShutdownStrategy().getTimeout()).isEqualTo(5_000);
    }
}
