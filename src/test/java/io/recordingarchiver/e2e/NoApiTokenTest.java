package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/** Without an API token, reconciliation never runs and a backfill is refused with how to enable it. */
class NoApiTokenTest extends ArchiverTestBase {

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.realtimekit.api-token", "")
                .with("archiver.reconcile.interval", "PT0.2S").with("archiver.admin.token", "no-api-admin-token");
    }

    @Test
    void reconciliationIsOffAndBackfillIs409() throws Exception {
        RecordingFile video = env.rtk.addFile("unreconciled.mp4", 2000, 1201);
        StandInRecording recording = env.rtk.recording(video);

        // the reconcile timer has fired several times (every 0.2 s) and its filter let none through
        Await.until("the reconcile timer to fire five times", () -> reconcileTicks() >= 5);

        assertThat(env.rtk.apiCalls()).isZero();
        assertThat(ledger().archiveState(recording.id())).isNull();
        HttpResponse<String> answer = new AdminClient(env.managementPort).post("/admin/backfill?from="
                + Instant.now().minusSeconds(600) + "&to=" + Instant.now(), "Bearer no-api-admin-token");
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(ManagementClient.json(answer).path("error").asText()).contains("archiver.realtimekit.api-token");
        assertThat(env.rtk.apiCalls()).isZero();
    }

    /** Exchanges the {@code reconcile} timer route completed, from Camel's route metrics. */
    private long reconcileTicks() throws Exception {
        Matcher ticks = Pattern.compile("(?m)^camel_exchanges_total\\{[^}]*routeId=\"reconcile\"[^}]*\\} ([0-9.E]+)$")
                .matcher(new ManagementClient(env.managementPort).get("/observe/metrics").body());
        return ticks.find() ? (long) Double.parseDouble(ticks.group(1)) : 0;
    }
}
