package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * Track recordings (per-participant files): their {@code download_url} is an array of
 * {@code {layer_name, download_urls: {<file name>: {download_url}}}} in the webhook and the REST API
 * (shared/REALTIMEKIT.md). Every file is archived under the recording's folder with its own
 * sanitised name, byte-checked, listed in the manifest; ARCHIVED only once all of them are.
 */
class TrackRecordingTest extends ArchiverTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.reconcile.interval", "PT1S");
    }

    @Test
    void everyTrackFileOfAWebhookIsArchivedAndListedInTheManifest() throws Exception {
        RecordingFile alice = env.rtk.addFile("hook-alice.webm", 6000, 8001);
        RecordingFile bob = env.rtk.addFile("hook-bob.webm", 7000, 8002);
        RecordingFile carol = env.rtk.addFile("hook-carol.ogg", 3000, 8003);
        RecordingFile audio = env.rtk.addFile("hook-mix.mp3", 2000, 8004);
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("hook-unused.mp4", 100, 8005))
                .status("RECORDING").audio(audio)
                .tracks(env.rtk.track("video", alice), env.rtk.track("video", bob),
                        env.rtk.track("audio", carol, "../../etc/carol audio.ogg"));

        assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED")).statusCode())
                .isEqualTo(200);
        Map<String, Object> row = awaitState(recording.id(), "ARCHIVED");

        String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        assertThat(objectSha256(folder + "hook-alice.webm")).isEqualTo(alice.sha256Hex());
        assertThat(objectSha256(folder + "hook-bob.webm")).isEqualTo(bob.sha256Hex());
        assertThat(objectSha256(folder + "carol audio.ogg")).isEqualTo(carol.sha256Hex());
        assertThat(objectSha256(folder + "audio.mp3")).isEqualTo(audio.sha256Hex());
        assertThat(head(folder + "hook-alice.webm").metadata()).containsEntry("recording-id", recording.id());
        assertThat(head(folder + "hook-unused.mp4")).isNull();
        assertThat(env.rtk.requests("hook-unused.mp4")).isZero();
        assertThat(row.get("object_key")).isEqualTo(folder + "hook-alice.webm");

        JsonNode manifest = JSON.readTree(objectText(folder + "manifest.json"));
        assertThat(manifest.at("/files/recording").isNull()).isTrue();
        assertThat(manifest.at("/files/audio/sha256").asText()).isEqualTo(audio.sha256Hex());
        JsonNode tracks = manifest.at("/files/tracks");
        assertThat(tracks).hasSize(3);
        assertThat(tracks.get(0).get("key").asText()).isEqualTo(folder + "hook-alice.webm");
        assertThat(tracks.get(0).get("layerName").asText()).isEqualTo("video");
        assertThat(tracks.get(0).get("size").asLong()).isEqualTo(alice.size());
        assertThat(tracks.get(1).get("sha256").asText()).isEqualTo(bob.sha256Hex());
        assertThat(tracks.get(2).get("key").asText()).isEqualTo(folder + "carol audio.ogg");
        assertThat(tracks.get(2).get("layerName").asText()).isEqualTo("audio");
        assertThat(tracks.get(2).get("sourceFileName").asText()).isEqualTo("../../etc/carol audio.ogg");
        assertThat(manifest.toString()).doesNotContain("X-Amz-Signature", "?");
    }

    @Test
    void aTrackRecordingFoundThroughTheRestApiIsArchivedWithAllItsFiles() throws Exception {
        RecordingFile dave = env.rtk.addFile("rest-dave.webm", 5000, 8101);
        RecordingFile erin = env.rtk.addFile("rest-erin.webm", 5500, 8102);
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("rest-unused.mp4", 100, 8103))
                .tracks(env.rtk.track("video", dave), env.rtk.track("screen", erin));

        awaitState(recording.id(), "ARCHIVED");

        String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        assertThat(objectSha256(folder + "rest-dave.webm")).isEqualTo(dave.sha256Hex());
        assertThat(objectSha256(folder + "rest-erin.webm")).isEqualTo(erin.sha256Hex());
        JsonNode tracks = JSON.readTree(objectText(folder + "manifest.json")).at("/files/tracks");
        assertThat(tracks).hasSize(2);
        assertThat(tracks.get(1).get("layerName").asText()).isEqualTo("screen");
    }

    @Test
    void aRecordingWithOneTrackFileThatCannotBeFetchedIsNotArchived() throws Exception {
        RecordingFile good = env.rtk.addFile("part-good.webm", 4000, 8201);
        RecordingFile gone = env.rtk.addFile("part-gone.webm", 4000, 8202);
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("part-unused.mp4", 100, 8203))
                .status("RECORDING").tracks(env.rtk.track("video", good), env.rtk.track("video", gone));
        env.rtk.failNextRequests("part-gone.webm", 1000, 404);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        Map<String, Object> row = awaitState(recording.id(), "FAILED");

        assertThat(row.get("reason")).isEqualTo("download-refused");
        String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        assertThat(head(folder + "manifest.json")).isNull();
        assertThat(head(folder + "part-gone.webm")).isNull();
    }
}
