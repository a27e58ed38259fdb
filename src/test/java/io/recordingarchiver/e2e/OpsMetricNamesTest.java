package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordingarchiver.testkit.PayloadOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * Every metric name that {@code ops/prometheus-alerts.yaml} and {@code ops/grafana-dashboard.json}
 * use is one a running archiver exports: scraped from {@code /observe/metrics} after a run that makes
 * every series exist (an archive, a FAILED recording and its dead letter, a delivery).
 */
class OpsMetricNamesTest extends ArchiverTestBase {

    private static final Pattern NAME = Pattern.compile("\\barchiver_[a-z_]+");
    private static final Pattern EXPORTED = Pattern.compile("(?m)^(?:# (?:TYPE|HELP) )?(archiver_[a-z_]+)");

    @Test
    void alertsAndDashboardUseOnlyExportedMetrics() throws Exception {
        RecordingFile video = env.rtk.addFile("ops-names.mp4", 1024 * 1024 + 3, 601);
        StandInRecording archived = env.rtk.recording(video);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(archived, "UPLOADED"));
        RecordingFile shortFile = env.rtk.addFile("ops-names-failed.mp4", 1000, 602);
        StandInRecording failed = env.rtk.recording(shortFile);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(failed, "UPLOADED",
                PayloadOptions.defaults().fileSize(shortFile.size() + 1)));
        awaitState(archived.id(), "ARCHIVED");
        awaitState(failed.id(), "FAILED");

        String metrics = new ManagementClient(env.managementPort).get("/observe/metrics").body();
        Set<String> exported = names(EXPORTED, metrics);

        Set<String> alertNames = names(NAME, Files.readString(Path.of("ops/prometheus-alerts.yaml")));
        Set<String> dashboardNames = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("ops/grafana-dashboard.json").toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                dashboardNames.addAll(names(NAME, target.path("expr").asText()));
            }
        }
        dashboardNames.addAll(names(NAME, dashboard.path("templating").toString()));

        assertThat(alertNames).as("metrics the alerts use").hasSizeGreaterThanOrEqualTo(6);
        assertThat(exported).as("exported metrics").containsAll(alertNames);
        assertThat(dashboardNames).as("metrics the dashboard uses").hasSizeGreaterThanOrEqualTo(9);
        assertThat(exported).as("exported metrics").containsAll(dashboardNames);
        assertThat(metrics).containsPattern("(?m)^archiver_ready(\\{[^}]*\\})? 1\\.0$");
    }

    private static Set<String> names(Pattern pattern, String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1 <= matcher.groupCount() ? 1 : 0));
        }
        return names;
    }
}
