package io.recordingarchiver.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where archiver.log.format comes from (system property, environment, application.properties) and what it accepts. */
class LogFormatTest {

    private final String before = System.getProperty(LogFormat.SETTING);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(LogFormat.SETTING);
        } else {
            System.setProperty(LogFormat.SETTING, before);
        }
    }

    @Test
    void textUnlessSaidOtherwise() {
        System.clearProperty(LogFormat.SETTING);
        assertThat(LogFormat.select(Map.of(), null)).isEqualTo(LogFormat.TEXT);
        assertThat(System.getProperty(LogFormat.SETTING)).isEqualTo("text");
        assertThat(LogFormat.parse(" ")).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void systemPropertyThenEnvironmentThenProperties() {
        Properties file = new Properties();
        file.setProperty(LogFormat.SETTING, "json");
        System.clearProperty(LogFormat.SETTING);
        assertThat(LogFormat.select(Map.of(), file)).isEqualTo(LogFormat.JSON);
        System.clearProperty(LogFormat.SETTING);
        assertThat(LogFormat.select(Map.of("ARCHIVER_LOG_FORMAT", "text"), file)).isEqualTo(LogFormat.TEXT);
        System.setProperty(LogFormat.SETTING, "JSON");
        assertThat(LogFormat.select(Map.of("ARCHIVER_LOG_FORMAT", "text"), null)).isEqualTo(LogFormat.JSON);
        assertThat(System.getProperty(LogFormat.SETTING)).isEqualTo("json");
    }

    @Test
    void anotherValueStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> LogFormat.parse("xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the setting archiver.log.format must be text or json, not 'xml'");
    }

    @Test
    void readsThePackagedProperties() throws Exception {
        assertThat(LogFormat.load("classpath:application.properties").getProperty(LogFormat.SETTING)).isEqualTo("text");
        assertThat(LogFormat.load("file:/nonexistent/application.properties")).isNull();
    }
}
