package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.Requires;
import org.junit.jupiter.api.Test;

/**
 * The small chaos soak in the test command: {@link SoakDriver} with 50 recordings (up to 48 MiB,
 * some with audio, some with expired links, some announced by no webhook, some delivered out of
 * order or several times), three packaged archivers on a fresh PostgreSQL schema and one s3proxy,
 * 503 bursts and cut connections at the source, and three {@code kill -9} of a random instance,
 * each restarted. Faults fire at progress milestones, and the verdict reads the bucket itself, so
 * nothing here depends on how fast the machine is. The full soak is {@code soak/run.sh}.
 */
@Requires(ExternalTool.POSTGRES)
class SoakIT {

    @Test
    void fiftyRecordingsThroughThreeKillsAreEachArchivedExactlyOnce() throws Exception {
        SoakDriver.Config config = SoakDriver.Config.from(new String[0], Map.ofEntries(
                Map.entry("SOAK_RECORDINGS", "50"),
                Map.entry("SOAK_MAX_SIZE", String.valueOf(48L * 1024 * 1024)),
                Map.entry("SOAK_LARGE_SHARE", "0.06"),
                Map.entry("SOAK_MEDIUM_SHARE", "0.10"),
                Map.entry("SOAK_KILLS", "3"),
                Map.entry("SOAK_RESTART_PAUSE", "PT1S"),
                Map.entry("SOAK_S3_OUTAGES", "0"),
                Map.entry("SOAK_LEASE", "PT30S"),
                Map.entry("SOAK_HEAP", "256m"),
                Map.entry("SOAK_WINDOW", "8"),
                Map.entry("SOAK_DEADLINE", "PT15M")));

        SoakDriver.Report report = new SoakDriver(config).run();

        String summary = SoakDriver.markdown(config, report);
        System.out.println(summary);
        assertThat(report.settledBeforeDeadline()).as(summary).isTrue();
        assertThat(report.count(SoakDriver.EXACTLY_ONCE)).as(summary).isEqualTo(50);
        assertThat(report.orphanUploads()).as(summary).isEmpty();
        assertThat(report.rejectedSignedDeliveries()).as(summary).isEmpty();
        // a starting (or stopping) instance answers 503 with Retry-After, never a 4xx RealtimeKit would not retry
        assertThat(report.rejectedWhileStarting()).as(summary).isEmpty();
    }
}
