package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The packaged archiver started with a misspelt setting: it stops at once, with exit status 1 and one
 * message naming the setting, where it came from and the setting it was meant to be, instead of
 * running with the default (rule in {@code UnknownSettings}).
 */
class UnknownSettingIT {

    @Test
    void aMisspeltSystemPropertyStopsTheStartNamingItAndTheSettingMeant() throws Exception {
        Files.deleteIfExists(Path.of("target", "unknown-setting-property.log"));
        try (ArchiverEnvironment env = new ArchiverEnvironment()) {
            assertThatThrownBy(() -> ArchiverProcess.start(env, 0, "unknown-setting-property",
                    "-Darchiver.dispatch.lease-time=PT1M").close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("the archiver exited with 1");

            assertThat(Files.readString(Path.of("target", "unknown-setting-property.log"))).contains(
                    "unknown setting archiver.dispatch.lease-time (system property archiver.dispatch.lease-time): did you mean"
                            + " archiver.dispatch.lease? Every setting is listed in application.properties");
        }
    }

    /** Also in the log format chosen by the environment: the check must not create a logger before it is chosen. */
    @Test
    void aMisspeltEnvironmentVariableStopsTheStartWithoutPrintingItsValue() throws Exception {
        Files.deleteIfExists(Path.of("target", "unknown-setting-variable.log"));
        try (ArchiverEnvironment env = new ArchiverEnvironment()) {
            assertThatThrownBy(() -> ArchiverProcess.start(env,
                    Map.of("ARCHIVER_S3_SECRTE_KEY", "not-for-the-log", "ARCHIVER_LOG_FORMAT", "json"), 0,
                    "unknown-setting-variable").close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("the archiver exited with 1");

            String log = Files.readString(Path.of("target", "unknown-setting-variable.log"));
            assertThat(log).contains("\"level\":\"ERROR\"", "\"message\":\"unknown setting archiver.s3.secrte.key"
                    + " (environment variable ARCHIVER_S3_SECRTE_KEY): did you mean archiver.s3.secret-key (ARCHIVER_S3_SECRET_KEY)?");
            assertThat(log).doesNotContain("not-for-the-log");
        }
    }

    /**
     * A setting refused while the beans are built (management port 0): the process exits with 1 and
     * one ERROR naming what to fix, instead of staying alive with its embedded store running.
     */
    @Test
    void aRefusedSettingValueStopsTheProcessWithTheReason() throws Exception {
        Files.deleteIfExists(Path.of("target", "refused-setting-value.log"));
        try (ArchiverEnvironment env = new ArchiverEnvironment().with("archiver.management.port", "0")) {
            assertThatThrownBy(() -> ArchiverProcess.start(env, 0, "refused-setting-value").close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("the archiver exited with 1");

            assertThat(Files.readString(Path.of("target", "refused-setting-value.log"))).contains(
                    "ERROR", "The archiver did not start: IllegalArgumentException: archiver.management.port must be a"
                            + " fixed port, not 0");
        }
    }
}
