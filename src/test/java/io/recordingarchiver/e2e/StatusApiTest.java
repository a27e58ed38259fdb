package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.recordingarchiver.testkit.PayloadOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/** The status API on the management port: one recording in each outcome, unknown ids, paging, bad queries. */
class StatusApiTest extends ArchiverTestBase {

    private ManagementClient management() {
        return new ManagementClient(env.managementPort);
    }

    @Test
    void archivedRecordingShowsItsHistoryKeysSizesAndChecksum() throws Exception {
        RecordingFile video = env.rtk.addFile("status-archived.mp4", 6L * 1024 * 1024 + 17, 201);
        StandInRecording recording = env.rtk.recording(video);
        for (String status : new String[] {"INVOKED", "RECORDING", "UPLOADING", "UPLOADED"}) {
            env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, status));
        }
        awaitState(recording.id(), "ARCHIVED");

        HttpResponse<String> answer = management().get("/recordings/" + recording.id());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode json = ManagementClient.json(answer);
        assertThat(json.path("recordingId").asText()).isEqualTo(recording.id());
        assertThat(json.path("archiveState").asText()).isEqualTo("ARCHIVED");
        assertThat(json.path("status").asText()).isEqualTo("UPLOADED");
        assertThat(json.path("recording").path("key").asText())
                .isEqualTo("recordings/" + recording.meetingId() + "/" + recording.id() + "/" + recording.outputFileName());
        assertThat(json.path("recording").path("size").asLong()).isEqualTo(video.size());
        assertThat(json.path("recording").path("sha256").asText()).isEqualTo(video.sha256Hex());
        assertThat(json.path("attempts").asInt()).isEqualTo(1);
        assertThat(json.path("lastError").isNull()).isTrue();
        assertThat(json.path("linkExpiry").asText()).isNotEmpty();
        assertThat(json.path("secondsToArchive").isNumber()).isTrue();
        assertThat(json.path("archivedHookPending").isBoolean()).isTrue();
        assertThat(json.path("history").findValuesAsText("status"))
                .containsExactly("INVOKED", "RECORDING", "UPLOADING", "UPLOADED");
        assertThat(json.path("history").get(3).path("state").asText()).isEqualTo("DONE");
        assertThat(answer.body()).doesNotContain("X-Amz", "?");
    }

    @Test
    void erroredRecordingShowsReasonAndReport() throws Exception {
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("status-errored.mp4", 1000, 202));
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "RECORDING"));
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "ERRORED"));
        awaitState(recording.id(), "ERRORED");

        JsonNode json = ManagementClient.json(management().get("/recordings/" + recording.id()));

        assertThat(json.path("archiveState").asText()).isEqualTo("ERRORED");
        assertThat(json.path("reason").asText()).isEqualTo("recording-errored");
        assertThat(json.path("errorReportKey").asText()).isEqualTo("errors/" + recording.id() + ".json");
        assertThat(json.path("recording").isNull()).isTrue();
        assertThat(json.path("history").findValuesAsText("status")).containsExactly("RECORDING", "ERRORED");
    }

    @Test
    void failedRecordingShowsTheRedactedLastError() throws Exception {
        RecordingFile video = env.rtk.addFile("status-failed.mp4", 6L * 1024 * 1024, 203);
        StandInRecording recording = env.rtk.recording(video);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED",
                PayloadOptions.defaults().fileSize(video.size() + 1)));
        awaitState(recording.id(), "FAILED");

        HttpResponse<String> answer = management().get("/recordings/" + recording.id());
        JsonNode json = ManagementClient.json(answer);

        assertThat(json.path("archiveState").asText()).isEqualTo("FAILED");
        assertThat(json.path("reason").asText()).isEqualTo("size-mismatch");
        assertThat(json.path("lastError").asText()).contains("announced");
        assertThat(answer.body()).doesNotContain("X-Amz", "?");
    }

    @Test
    void unknownRecordingIs404() throws Exception {
        HttpResponse<String> answer = management().get("/recordings/" + UUID.randomUUID());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(ManagementClient.json(answer).path("error").asText()).isNotEmpty();
    }

    @Test
    void statusApiIsNotServedOnThePublicPort() throws Exception {
        HttpResponse<String> answer = new ManagementClient(env.httpPort).get("/recordings");

        assertThat(answer.statusCode()).isEqualTo(404);
    }

    @Test
    void listPagesThroughEveryRecordingOnceAndFiltersByState() throws Exception {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            StandInRecording recording = env.rtk.recording(env.rtk.addFile("page-" + i + ".mp4", 1000, 210 + i));
            env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "RECORDING"));
            created.add(recording.id());
        }
        for (String id : created) {
            awaitDeliveriesDone(id);
        }

        Set<String> seen = new HashSet<>();
        String next = "/recordings?state=tracking&limit=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = ManagementClient.json(management().get(next));
            assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
            for (JsonNode item : page.path("items")) {
                assertThat(item.path("archiveState").asText()).isEqualTo("TRACKING");
                assertThat(seen.add(item.path("recordingId").asText())).as("seen twice").isTrue();
            }
            next = page.path("next").isNull() ? null : page.path("next").asText();
            pages++;
        }
        assertThat(seen).containsAll(created);
        assertThat(pages).isGreaterThanOrEqualTo(3);

        JsonNode future = ManagementClient.json(management().get("/recordings?since=2999-01-01T00:00:00Z"));
        assertThat(future.path("items").size()).isZero();
        assertThat(future.path("next").isNull()).isTrue();
    }

    @Test
    void badQueriesAre400() throws Exception {
        for (String query : new String[] {"state=LOST", "since=yesterday", "limit=0", "limit=501", "limit=x",
                "offset=-1"}) {
            HttpResponse<String> answer = management().get("/recordings?" + query);
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(ManagementClient.json(answer).path("error").asText()).as(query).isNotEmpty();
        }
    }
}
