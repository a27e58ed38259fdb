package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;

import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import io.recordingarchiver.transfer.TransferManager;
import org.junit.jupiter.api.Test;

/**
 * A failure of the process's own resources (here its part pool refusing work, as a pool that cannot
 * start threads does; an OutOfMemoryError takes the same way) is never a final FAILED: the delivery
 * goes back to the queue and the recording is tried again.
 */
class OwnResourcesTest extends ArchiverTestBase {

    @Test
    void aRefusingThreadPoolPutsTheRecordingBackInTheQueueInsteadOfFailingIt() throws Exception {
        ExecutorService pool = partPool();
        pool.shutdownNow();
        RecordingFile video = env.rtk.addFile("no-threads.mp4", 12L * 1024 * 1024, 5);
        StandInRecording recording = env.rtk.recording(video);

        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Integer attempts = 0;
        while (Instant.now().isBefore(deadline) && (attempts == null || attempts < 3)) {
            attempts = db().queryForObject("SELECT MAX(attempts) FROM delivery WHERE recording_id = ?",
                    Integer.class, recording.id());
            Thread.sleep(50);
        }
        assertThat(attempts).as("claimed again after each give-back").isGreaterThanOrEqualTo(3);
        assertThat(ledger().archiveState(recording.id())).isNotEqualTo("FAILED");
        assertThat(db().queryForObject("SELECT COUNT(*) FROM delivery WHERE recording_id = ? AND state = 'DONE'",
                Integer.class, recording.id())).isZero();
    }

    /** The transfer manager's part pool (a private field: nothing in production shuts it down but close()). */
    private ExecutorService partPool() throws ReflectiveOperationException {
        TransferManager manager = context.getRegistry().lookupByNameAndType("transferManager", TransferManager.class);
        java.lang.reflect.Field pool = TransferManager.class.getDeclaredField("pool");
        pool.setAccessible(true);
        return (ExecutorService) pool.get(manager);
    }
}
