package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class MillisFunctionTest {

    @Test
    void turnsAnIsoDurationSettingIntoMillisecondsInsideAPlaceholder() throws Exception {
        try (DefaultCamelContext context = contextWith("archiver.realtimekit.read-timeout", "PT1M30S")) {
            assertThat(context.resolvePropertyPlaceholders("{{millis:archiver.realtimekit.read-timeout}}"))
                    .isEqualTo("90000");
        }
    }

    @Test
    void namesTheSettingWhenItIsMissingOrNotADuration() throws Exception {
        try (DefaultCamelContext context = contextWith("archiver.realtimekit.read-timeout", "30000")) {
            MillisFunction millis = new MillisFunction(context);
            assertThatThrownBy(() -> millis.apply("archiver.realtimekit.read-timeout"))
                    .hasMessage("the setting archiver.realtimekit.read-timeout must be an ISO-8601 duration such as PT10S,"
                            + " not '30000'");
            assertThatThrownBy(() -> millis.apply("archiver.nothing"))
                    .hasMessageContaining("archiver.nothing is missing");
        }
    }

    private static DefaultCamelContext contextWith(String key, String value) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty(key, value);
        context.getPropertiesComponent().setInitialProperties(properties);
        context.getPropertiesComponent().addPropertiesFunction(new MillisFunction(context));
        return context;
    }
}
