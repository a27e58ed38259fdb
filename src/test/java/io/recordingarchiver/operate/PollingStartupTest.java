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

            assertThatThrownBy(() -> reconciliation(context, properties))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("archiver.intake.mode=polling")
                    .hasMessageContaining("set " + missing)
                    .hasMessageContaining(missing.toUpperCase().replace('.', '_').replace('-', '_'));
        }
    }

    /** The reconciliation bean as camel-main builds it at start, from these settings. */
    private static Reconciliation reconciliation(DefaultCamelContext context, Properties properties) {
        return new OperateBeans().reconciliation(null, null, properties.getProperty("archiver.intake.mode"),
                properties.getProperty("archiver.realtimekit.api-token", ""),
                properties.getProperty("archiver.realtimekit.account-id", ""),
                properties.getProperty("archiver.realtimekit.app-id", ""), new Settings(context));
    }

    @ParameterizedTest
    @ValueSource(strings = {"poll", "WEB HOOK", ""})
    void anUnknownModeStopsTheStartNamingTheChoices(String mode) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("archiver.intake.mode", mode);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(properties);

            assertThatThrownBy(() -> reconciliation(context, properties))
                    .hasMessageContaining("archiver.intake.mode must be webhook, polling or both");
        }
    }
}
