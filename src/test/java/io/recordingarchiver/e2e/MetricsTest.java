package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.recordingarchiver.testkit.DeliveryOptions;
import io.recordingarchiver.testkit.PayloadOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/** The archiver's Prometheus metrics after a known run: one archive, one ERRORED, one FAILED, a duplicate, refusals. */
class MetricsTest extends ArchiverTestBase {

    @Test
    void metricsCountTheRunWithBoundedLabels() throws Exception {
        RecordingFile video = env.rtk.addFile("metrics.mp4", 6L * 1024 * 1024 + 5, 301);
        StandInRecording archived = env.rtk.recording(video);
        String uploaded = env.rtk.statusUpdate(archived, "UPLOADED");
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(archived, "RECORDING"));
        env.rtk.deliver(env.webhookUrl(), uploaded);
        env.rtk.deliver(env.webhookUrl(), uploaded);
        StandInRecording errored = env.rtk.recording(env.rtk.addFile("metrics-errored.mp4", 1000, 302));
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(errored, "ERRORED"));
        RecordingFile shortFile = env.rtk.addFile("metrics-failed.mp4", 1000, 303);
        StandInRecording failed = env.rtk.recording(shortFile);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(failed, "UPLOADED",
                PayloadOptions.defaults().fileSize(shortFile.size() + 1)));
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(archived, "RECORDING"),
                DeliveryOptions.defaults().signature("bm90IGEgc2lnbmF0dXJl"));
        env.rtk.deliver(env.webhookUrl(), "{}", DeliveryOptions.defaults().contentType("text/plain"));
        awaitState(archived.id(), "ARCHIVED");
        awaitState(errored.id(), "ERRORED");
        awaitState(failed.id(), "FAILED");

        String metrics = new ManagementClient(env.managementPort).get("/observe/metrics").body();

        String statusUpdate = "event=\"recording.statusUpdate\"";
        assertThat(value(metrics, "archiver_deliveries_total", statusUpdate, "outcome=\"accepted\"")).isEqualTo(4);
        assertThat(value(metrics, "archiver_deliveries_total", statusUpdate, "outcome=\"duplicate\"")).isEqualTo(1);
        assertThat(value(metrics, "archiver_deliveries_total", "outcome=\"rejected\"", "reason=\"bad-signature\"")).isEqualTo(1);
        assertThat(value(metrics, "archiver_deliveries_total", "outcome=\"rejected\"", "reason=\"not-json\"")).isEqualTo(1);
        assertThat(value(metrics, "archiver_archives_total", "outcome=\"archived\"")).isEqualTo(1);
        assertThat(value(metrics, "archiver_archives_total", "outcome=\"errored\"", "reason=\"recording-errored\"")).isEqualTo(1);
        assertThat(value(metrics, "archiver_archives_total", "outcome=\"failed\"", "reason=\"size-mismatch\"")).isEqualTo(1);
        assertThat(value(metrics, "archiver_archived_bytes_total")).isEqualTo(video.size());
        assertThat(value(metrics, "archiver_transfer_duration_seconds_count", "outcome=\"stored\"")).isEqualTo(1);
        assertThat(value(metrics, "archiver_uploaded_to_archived_seconds_count")).isEqualTo(1);
        assertThat(value(metrics, "archiver_dead_letters_total", "route=\"archive\"")).isEqualTo(1);
        assertThat(value(metrics, "archiver_recordings_pending")).isZero();
        assertThat(metrics).contains("archiver_deadline_remaining_seconds NaN");
        assertThat(metrics).doesNotContain(archived.id(), archived.meetingId(), "127.0.0.1", "X-Amz");
    }

    /** The value of the one sample of {@code name} whose labels contain every fragment given. */
    private static double value(String metrics, String name, String... labelFragments) {
        Matcher line = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        Double found = null;
        while (line.find()) {
            String labels = line.group(1) == null ? "" : line.group(1);
            boolean matches = true;
            for (String fragment : labelFragments) {
                matches &= labels.contains(fragment);
            }
            if (matches) {
                assertThat(found).as("more than one sample of " + name + " matches").isNull();
                found = Double.parseDouble(line.group(2));
            }
        }
        assertThat(found).as(name + " with " + String.join(",", labelFragments) + " in\n" + metrics).isNotNull();
        return found;
    }
}
