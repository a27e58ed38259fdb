package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private Settings settings(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context);
    }

    @Test
    void readsAnIsoDuration() {
        assertThat(settings("archiver.retry.initial-delay", "PT2S").duration("archiver.retry.initial-delay"))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesADurationThatIsNotIso8601AndNamesTheSetting() {
        Settings settings = settings("archiver.retry.initial-delay", "2000");
        assertThatThrownBy(() -> settings.duration("archiver.retry.initial-delay"))
                .hasMessage("the setting archiver.retry.initial-delay must be an ISO-8601 duration such as PT10M, not '2000'");
    }

    @Test
    void aRetiredMillisecondNameIsStillReadAndWinsOverTheNewDefault() {
        Settings settings = settings("archiver.retry.initial-delay", "PT2S", "archiver.retry.initial-delay-ms", "300");
        assertThat(settings.duration("archiver.retry.initial-delay")).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aRetiredSecondsNameIsReadInSeconds() {
        Settings settings = settings("archiver.shutdown.timeout", "PT30S", "archiver.shutdown.timeout-seconds", "5");
        assertThat(settings.duration("archiver.shutdown.timeout")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aMalformedRetiredNameIsRefusedWithTheNewNameToUse() {
        Settings settings = settings("archiver.download.read-timeout-ms", "1m");
        assertThatThrownBy(() -> settings.duration("archiver.download.read-timeout"))
                .hasMessageContaining("archiver.download.read-timeout-ms must be a whole number of milliseconds, not '1m'")
                .hasMessageContaining("set archiver.download.read-timeout as an ISO-8601 duration");
    }

    @Test
    void everyRetiredNameEndsInItsUnit() {
        Settings.RETIRED.forEach((key, retired) -> assertThat(retired.name())
                .isEqualTo(key + (retired.unit() == java.time.temporal.ChronoUnit.MILLIS ? "-ms" : "-seconds")));
    }

    @Test
    void theMillisPlaceholderFunctionGivesMillisecondsForRoutes() {
        Settings settings = settings("archiver.retry.max-delay", "PT1M");
        context.getPropertiesComponent().addPropertiesFunction(DurationFunction.millis(settings));
        assertThat(context.resolvePropertyPlaceholders("{{millis:archiver.retry.max-delay}}")).isEqualTo("60000");
    }

    @Test
    void theMillisPlaceholderFunctionNamesAMissingSetting() {
        Settings settings = settings();
        context.getPropertiesComponent().addPropertiesFunction(DurationFunction.millis(settings));
        assertThatThrownBy(() -> context.resolvePropertyPlaceholders("{{millis:archiver.nothing}}"))
                .hasStackTraceContaining("the setting archiver.nothing is missing from application.properties");
    }
}
