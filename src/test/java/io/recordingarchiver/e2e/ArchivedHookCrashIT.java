package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.Requires;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * A packaged archiver killed ({@code kill -9}) after it marked a recording ARCHIVED and while
 * {@code direct:on-recording-archived} is calling a hook: the instance that takes the delivery over
 * (shared mode, after the lease) does not skip the archived recording but runs the extension point
 * again, once, and notes that it ran. The hook is a plain HTTP endpoint listed in
 * {@code archiver.hooks.on-recording-archived}; the kill lands while the receiver holds the first
 * call unanswered, so nothing depends on timing.
 */
@Requires(ExternalTool.POSTGRES)
class ArchivedHookCrashIT {

    @Test
    void killedWhileTheArchivedHookRunsTheNextHolderRunsItAgain() throws Exception {
        try (SharedStores stores = new SharedStores();
                HookReceiver hook = new HookReceiver();
                ArchiverEnvironment env = stores.configure(new ArchiverEnvironment())
                        .with("archiver.dispatch.lease", "PT5S")
                        .with("archiver.hooks.on-recording-archived",
                                hook.url("/archived/${variable.event.recordingId}"))) {
            RecordingFile video = env.rtk.addFile("hooked.mp4", 3 * 1024 * 1024, 7);
            StandInRecording recording = env.rtk.recording(video);
            String path = "/archived/" + recording.id();
            hook.hold();

            ArchiverProcess first = ArchiverProcess.start(env, 0, "archived-hook-crash-1");
            try {
                assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"))
                        .statusCode()).isEqualTo(200);
                hook.awaitPath(path, 1);
                assertThat(stores.db().queryForMap("SELECT archive_state, archived_hook_pending FROM recording"
                        + " WHERE recording_id = ?", recording.id()))
                        .as("marked ARCHIVED, the extension point under way")
                        .containsEntry("archive_state", "ARCHIVED").containsEntry("archived_hook_pending", true);
                assertThat(ManagementClient.json(new ManagementClient(env.managementPort).get("/recordings/"
                        + recording.id())).path("archivedHookPending").asBoolean())
                        .as("the status API shows it to the operator").isTrue();
            } finally {
                first.kill();
            }
            hook.release();

            try (ArchiverProcess second = ArchiverProcess.start(env.forAnotherProcess(), 0,
                    "archived-hook-crash-2")) {
                Await.until("the extension point to be noted done", Await.PATIENTLY,
                        () -> !stores.db().queryForObject("SELECT archived_hook_pending FROM recording"
                                + " WHERE recording_id = ?", Boolean.class, recording.id()));
                assertThat(hook.paths()).as("the killed call and the taken-over one").containsExactly(path, path);
                assertThat(second.output())
                        .contains("Recording " + recording.id() + " is archived already, but the process that"
                                + " archived it stopped before direct:on-recording-archived had run; running it now")
                        .doesNotContain("Recording " + recording.id() + ": archiving (");
                Map<String, Object> delivery = stores.db().queryForMap("SELECT state, outcome FROM delivery"
                        + " WHERE recording_id = ? AND status = 'UPLOADED'", recording.id());
                assertThat(delivery).containsEntry("state", "DONE");
                List<String> keys = stores.s3().listObjectsV2(b -> b.bucket(SharedStores.BUCKET)
                        .prefix("recordings/" + recording.meetingId() + "/" + recording.id() + "/")).contents()
                        .stream().map(o -> o.key()).sorted().toList();
                assertThat(keys).hasSize(2);
            }
        }
    }
}
