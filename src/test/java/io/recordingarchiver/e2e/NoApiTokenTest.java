package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;

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

        Thread.sleep(1500);

        assertThat(env.rtk.apiCalls()).isZero();
        assertThat(ledger().archiveState(recording.id())).isNull();
        HttpResponse<String> answer = new AdminClient(env.managementPort).post("/admin/backfill?from="
                + Instant.now().minusSeconds(600) + "&to=" + Instant.now(), "Bearer no-api-admin-token");
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(ManagementClient.json(answer).path("error").asText()).contains("archiver.realtimekit.api-token");
        assertThat(env.rtk.apiCalls()).isZero();
    }
}
