package io.recordingarchiver.operate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.recordingarchiver.Settings;

/** Polling mode reads the REST API: without a token, account or app id the start stops and says what to set. */
class PollingStartupTest {

    @ParameterizedTest
    @ValueSource(strings = {"archiver.realtimekit.api-token", "archiver.realtimekit.account-id",
            "archiver.realtimekit.app-id"})
    void pollingWithoutApiAccessStopsTheStartNamingTheSetting(String missing) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("archiver.intake.mode", "polling");
        properties.setProperty("archiver.realtimekit.api-token", "t");
        properties.setProperty("archiver.realtimekit.account-id", "a");
        properties.setProperty("archiver.realtimekit.app-id", "b");
        properties.setProperty(missing, "");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(properties);

            assertThatThrownBy(() -> RecoveryBeans.bind(context, new Settings(context), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("archiver.intake.mode=polling")
                    .hasMessageContaining("set " + missing)
                    .hasMessageContaining(missing.toUpperCase().replace('.', '_').replace('-', '_'));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"poll", "WEB HOOK", ""})
    void anUnknownModeStopsTheStartNamingTheChoices(String mode) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("archiver.intake.mode", mode);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(properties);

            assertThatThrownBy(() -> RecoveryBeans.bind(context, new Settings(context), null))
                    .hasMessageContaining("archiver.intake.mode must be webhook, polling or both");
        }
    }
}
