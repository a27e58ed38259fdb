package io.recordingarchiver.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.Requires;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules of {@code ops/prometheus-alerts.yaml} checked and unit-tested by Prometheus' own
 * {@code promtool} (Debian's {@code prometheus} package) against {@code ops/prometheus-alerts.test.yaml}.
 */
@Requires(ExternalTool.PROMTOOL)
class AlertRulesTest {

    @Test
    void rulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "ops/prometheus-alerts.yaml")).contains("SUCCESS: 7 rules found");
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        assertThat(promtool("test", "rules", "ops/prometheus-alerts.test.yaml")).contains("SUCCESS");
    }

    /** Runs promtool in the project folder; fails with its output unless it exits 0. */
    private static String promtool(String... arguments) throws Exception {
        Path output = Files.createTempFile("promtool", ".txt");
        try {
            List<String> command = new java.util.ArrayList<>(List.of(ExternalTool.promtool().toString()));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).directory(new File(".")).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("promtool " + String.join(" ", arguments) + " did not finish in 2 minutes");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
