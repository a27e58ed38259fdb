package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * Download sources that misbehave the way real servers, CDNs and proxies do, for the recording
 * file (size announced by RealtimeKit) and the audio file (no size announced): the archive holds
 * exactly the bytes the source stores, or the recording fails with a reason that says why; never
 * wrong bytes marked ARCHIVED. One stream per file here (the resume path); the subclass reads in
 * parallel ranges. See /work/shared/CAMEL-NOTES.md, "Traps found in turn 2".
 */
class MisbehavingSourceTest extends ArchiverTestBase {

    protected static final long MIB = 1024L * 1024;

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment()
                .with("archiver.retry.max-redeliveries", "3")
                .with("archiver.download.connections-per-file", String.valueOf(connectionsPerFile()));
    }

    protected int connectionsPerFile() {
        return 1;
    }

    @Test
    void contentEncodingGzipIsStoredAsServedNotDecoded() throws Exception {
        Sent sent = send("gzip", f -> env.rtk.labelContentEncoding(f, "gzip"), true, true);

        assertArchivedExactly(sent);
    }

    @Test
    void aRangeAnsweredWith200AndOnlyTheSliceIsNeverSpliced() throws Exception {
        Sent sent = send("slice", f -> {
            env.rtk.cutAfterBytes(f, 6 * MIB);
            env.rtk.answerRangeWithSliceAs200(f);
        }, true, true);

        assertArchivedExactly(sent);
    }

    @Test
    void a206StartingBeforeTheOffsetAskedIsNeverSpliced() throws Exception {
        Sent sent = send("early", f -> {
            env.rtk.cutAfterBytes(f, 6 * MIB);
            env.rtk.answerRangeStartingEarlier(f, 1000);
        }, true, true);

        assertArchivedExactly(sent);
    }

    @Test
    void aSourceIgnoringRangeOnResumeIsFetchedWholeAgain() throws Exception {
        Sent sent = send("norange", f -> {
            env.rtk.cutAfterBytes(f, 6 * MIB);
            env.rtk.ignoreRange(f, true);
        }, true, true);

        assertArchivedExactly(sent);
    }

    @Test
    void anAudioFileCutEarlyIsCheckedAgainstTheSourcesSizeAndResumed() throws Exception {
        Sent sent = send("cut", f -> env.rtk.cutAfterBytes(f, 6 * MIB), false, true);

        assertArchivedExactly(sent);
        assertThat(env.rtk.bytesServed(sent.audio.name())).isLessThanOrEqualTo(sent.audio.size() + 6 * MIB);
    }

    @Test
    void a206WithAnotherTotalFailsTheRecordingFileAndRestartsTheAudioFile() throws Exception {
        Sent video = send("total-video", f -> {
            env.rtk.cutAfterBytes(f, 6 * MIB);
            env.rtk.answerRangeWithWrongTotal(f, 4096);
        }, true, false);
        Sent audio = send("total-audio", f -> {
            env.rtk.cutAfterBytes(f, 6 * MIB);
            env.rtk.answerRangeWithWrongTotal(f, 4096);
        }, false, true);

        Map<String, Object> failed = awaitState(video.recording.id(), "FAILED");
        assertThat(failed.get("reason")).isEqualTo("size-mismatch");
        assertThat((String) failed.get("last_error")).contains("Content-Range total (" + (video.video.size() + 4096) + ")")
                .contains("RealtimeKit's announced fileSize (" + video.video.size() + ")");
        assertNoObjectUnder(s3(), video.folder());
        assertArchivedExactly(audio);
    }

    @Test
    void aSourceDigestThatDoesNotMatchTheBytesFailsTheRecording() throws Exception {
        Sent video = send("etag-video", f -> env.rtk.sendWrongDigests(f, "\"0123456789abcdef0123456789abcdef\"",
                null), true, false);
        Sent audio = send("md5-audio", f -> env.rtk.sendWrongDigests(f, "\"0123456789abcdef0123456789abcdef\"",
                "AAAAAAAAAAAAAAAAAAAAAA=="), false, true);

        for (Sent sent : new Sent[] {video, audio}) {
            Map<String, Object> row = awaitState(sent.recording.id(), "FAILED");
            assertThat(row.get("reason")).isEqualTo("source-digest-mismatch");
            assertThat((String) row.get("last_error")).containsAnyOf("ETag", "Content-MD5");
            assertThat(head(sent.folder() + "manifest.json")).isNull();
        }
    }

    @Test
    void theSourcesTrueEtagIsCheckedAndTheArchivePasses() throws Exception {
        Sent sent = send("honest", env.rtk::sendDigests, true, true);

        assertArchivedExactly(sent);
    }

    /** A recording of a 12 MiB video and a 7 MiB audio file, {@code fault} applied to the chosen ones, delivered. */
    private Sent send(String name, java.util.function.Consumer<String> fault, boolean toVideo, boolean toAudio)
            throws Exception {
        RecordingFile video = env.rtk.addFile(name + ".mp4", 12 * MIB + 321, name.hashCode());
        RecordingFile audio = env.rtk.addFile(name + ".mp3", 7 * MIB + 123, name.hashCode() + 1L);
        StandInRecording recording = env.rtk.recording(video).audio(audio);
        if (toVideo) {
            fault.accept(video.name());
        }
        if (toAudio) {
            fault.accept(audio.name());
        }
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        return new Sent(recording, video, audio);
    }

    private void assertArchivedExactly(Sent sent) throws Exception {
        Map<String, Object> row = awaitState(sent.recording.id(), "ARCHIVED");
        assertThat(row.get("sha256")).isEqualTo(sent.video.sha256Hex());
        assertThat(row.get("size_bytes")).isEqualTo(sent.video.size());
        assertThat(row.get("audio_sha256")).isEqualTo(sent.audio.sha256Hex());
        assertThat(row.get("audio_size")).isEqualTo(sent.audio.size());
        assertThat(objectSha256(sent.folder() + sent.recording.outputFileName())).isEqualTo(sent.video.sha256Hex());
        assertThat(objectSha256(sent.folder() + "audio.mp3")).isEqualTo(sent.audio.sha256Hex());
        assertThat(objectText(sent.folder() + "manifest.json")).contains(sent.video.sha256Hex(), sent.audio.sha256Hex());
        assertThat(s3().listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    private record Sent(StandInRecording recording, RecordingFile video, RecordingFile audio) {
        String folder() {
            return "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        }
    }
}
