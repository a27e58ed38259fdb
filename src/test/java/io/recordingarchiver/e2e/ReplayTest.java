package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * Operator replays of FAILED recordings through the admin API: the recording's UPLOADED delivery
 * goes back to the inbox, its link is refreshed through the REST API first, and it is archived.
 */
class ReplayTest extends ArchiverTestBase {

    private static final String TOKEN = "replay-admin-token";
    private static final String BEARER = "Bearer " + TOKEN;

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.admin.token", TOKEN);
    }

    private AdminClient admin() {
        return new AdminClient(env.managementPort);
    }

    @Test
    void failedRecordingIsReplayedWithAFreshLinkAndArchived() throws Exception {
        RecordingFile video = env.rtk.addFile("replay.mp4", 6L * 1024 * 1024 + 7, 701);
        StandInRecording recording = failedRecording(video);
        int apiCallsBefore = env.rtk.apiCalls();
        int requestsBefore = env.rtk.requests("replay.mp4");

        HttpResponse<String> answer = admin().post("/admin/recordings/" + recording.id() + "/replay", BEARER);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(ManagementClient.json(answer).path("result").asText()).isEqualTo("queued");
        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");
        assertThat(row.get("sha256")).isEqualTo(video.sha256Hex());
        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(env.rtk.apiCalls()).as("the link was refreshed through the REST API").isGreaterThan(apiCallsBefore);
        assertThat(env.rtk.requests("replay.mp4")).isGreaterThan(requestsBefore);
        assertThat(db().queryForObject("SELECT attempts FROM delivery WHERE recording_id = ? AND status = 'UPLOADED'",
                Integer.class, recording.id())).isEqualTo(2);
    }

    @Test
    void replayOfEveryFailedRecordingQueuesThemAll() throws Exception {
        RecordingFile first = env.rtk.addFile("replay-all-1.mp4", 2000, 711);
        RecordingFile second = env.rtk.addFile("replay-all-2.mp4", 3000, 712);
        StandInRecording one = failedRecording(first);
        StandInRecording two = failedRecording(second);

        HttpResponse<String> answer = admin().post("/admin/recordings/replay-failed", BEARER);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(ManagementClient.json(answer).path("queued").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(answer.body()).contains(one.id(), two.id());
        awaitState(one.id(), "ARCHIVED");
        awaitState(two.id(), "ARCHIVED");
        assertThat(admin().post("/admin/recordings/replay-failed", BEARER).body()).contains("\"queued\":0");
    }

    @Test
    void replayOfARecordingThatIsNotFailedIs409() throws Exception {
        RecordingFile video = env.rtk.addFile("replay-archived.mp4", 1000, 721);
        StandInRecording recording = env.rtk.recording(video);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        awaitState(recording.id(), "ARCHIVED");

        HttpResponse<String> answer = admin().post("/admin/recordings/" + recording.id() + "/replay", BEARER);

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(ManagementClient.json(answer).path("error").asText()).contains("only a FAILED recording", "ARCHIVED");
        assertThat(ledger().archiveState(recording.id())).isEqualTo("ARCHIVED");
    }

    @Test
    void replayOfAnUnknownRecordingIs404() throws Exception {
        HttpResponse<String> answer = admin().post("/admin/recordings/" + UUID.randomUUID() + "/replay", BEARER);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(ManagementClient.json(answer).path("error").asText()).isNotBlank();
    }

    @Test
    void replayWithoutTokenIs401AndWithAWrongOneIs403() throws Exception {
        RecordingFile video = env.rtk.addFile("replay-denied.mp4", 1000, 731);
        StandInRecording recording = failedRecording(video);

        HttpResponse<String> missing = admin().post("/admin/recordings/" + recording.id() + "/replay", null);
        HttpResponse<String> wrong = admin().post("/admin/recordings/" + recording.id() + "/replay", "Bearer nope");
        HttpResponse<String> wrongAll = admin().post("/admin/recordings/replay-failed", "Bearer nope");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(ManagementClient.json(missing).path("error").asText()).contains("Authorization");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrongAll.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("nope", TOKEN);
        assertThat(ledger().archiveState(recording.id())).isEqualTo("FAILED");
    }

    @Test
    void adminApiIsNotServedOnThePublicPort() throws Exception {
        HttpResponse<String> answer = new AdminClient(env.httpPort).post("/admin/recordings/replay-failed", BEARER);

        assertThat(answer.statusCode()).isEqualTo(404);
    }

    /** A recording whose download always answered 500 until its retries ran out; the fault is cleared after. */
    private StandInRecording failedRecording(RecordingFile video) throws Exception {
        StandInRecording recording = env.rtk.recording(video);
        env.rtk.failNextRequests(video.name(), 100, 500);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        Map<String, Object> row = awaitState(recording.id(), "FAILED");
        assertThat(row.get("reason")).isEqualTo("download-unavailable");
        env.rtk.failNextRequests(video.name(), 0, 500);
        return recording;
    }
}
