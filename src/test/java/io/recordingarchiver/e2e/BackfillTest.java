package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/** The admin API's backfill over a time window (scheduled reconciliation does not run in this class). */
class BackfillTest extends ArchiverTestBase {

    private static final String BEARER = "Bearer backfill-admin-token";

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.admin.token", "backfill-admin-token");
    }

    @Test
    void backfillEnqueuesTheMissedRecordingsOfItsWindowOnly() throws Exception {
        Instant now = Instant.now();
        StandInRecording inWindow = stoppedAt("backfill-in.mp4", 1001, now.minus(Duration.ofDays(2)));
        StandInRecording outside = stoppedAt("backfill-out.mp4", 1002, now.minus(Duration.ofHours(1)));

        HttpResponse<String> answer = backfill(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode json = ManagementClient.json(answer);
        assertThat(json.path("enqueued").asInt()).isEqualTo(1);
        assertThat(json.path("listed").asInt()).isEqualTo(1);
        awaitState(inWindow.id(), "ARCHIVED");
        assertThat(ledger().archiveState(outside.id())).isNull();

        HttpResponse<String> again = backfill(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));
        assertThat(ManagementClient.json(again).path("enqueued").asInt()).as("archived already").isZero();
    }

    @Test
    void backfillPagesThroughLongLists() throws Exception {
        Instant stopped = Instant.now().minus(Duration.ofDays(5));
        for (int i = 0; i < 55; i++) {
            stoppedAt("backfill-page-" + i + ".mp4", 1100 + i, stopped.plusSeconds(i));
        }

        // the stand-in filters the window on the invoke time (605 s before the stop here)
        HttpResponse<String> answer = backfill(stopped.minusSeconds(606), stopped.plusSeconds(60));

        JsonNode json = ManagementClient.json(answer);
        assertThat(json.path("listed").asInt()).isEqualTo(55);
        assertThat(json.path("pages").asInt()).isEqualTo(2);
        assertThat(json.path("enqueued").asInt()).isEqualTo(55);
    }

    @Test
    void backfillThatTheApiKeepsRefusingIs502WithoutSecrets() throws Exception {
        env.rtk.throttleNextApiCalls(100, 0);
        try {
            HttpResponse<String> answer = backfill(Instant.now().minusSeconds(600), Instant.now());

            assertThat(answer.statusCode()).isEqualTo(502);
            assertThat(ManagementClient.json(answer).path("error").asText()).contains("429");
            assertThat(answer.body()).doesNotContain(env.rtk.apiToken());
        } finally {
            env.rtk.throttleNextApiCalls(0, 0);
        }
    }

    @Test
    void badWindowsAre400() throws Exception {
        assertThat(new AdminClient(env.managementPort).post("/admin/backfill?from=yesterday&to=today", BEARER)
                .statusCode()).isEqualTo(400);
        Instant now = Instant.now();
        HttpResponse<String> reversed = backfill(now, now.minusSeconds(60));
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(ManagementClient.json(reversed).path("error").asText()).contains("before");
        assertThat(new AdminClient(env.managementPort).post("/admin/backfill", BEARER).statusCode()).isEqualTo(400);
    }

    @Test
    void backfillNeedsTheAdminToken() throws Exception {
        assertThat(new AdminClient(env.managementPort).post("/admin/backfill?from=" + Instant.now().minusSeconds(60)
                + "&to=" + Instant.now(), null).statusCode()).isEqualTo(401);
    }

    private StandInRecording stoppedAt(String name, long seed, Instant stopped) {
        RecordingFile video = env.rtk.addFile(name, 2000, seed);
        return env.rtk.recording(video).stoppedTime(stopped).startedTime(stopped.minusSeconds(600))
                .invokedTime(stopped.minusSeconds(605));
    }

    private HttpResponse<String> backfill(Instant from, Instant to) throws Exception {
        return new AdminClient(env.managementPort).post("/admin/backfill?from=" + from + "&to=" + to, BEARER);
    }
}
