package io.recordingarchiver.dispatch;

import static io.recordingarchiver.Events.newRecordingId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.recordingarchiver.dispatch.RecordingLedger.Applied;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.recordingarchiver.Payloads;
import io.recordingarchiver.Events;
import io.recordingarchiver.StoreContract;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.transfer.Transfers;

/** The recording ledger's contract, run against each database the archiver supports. */
abstract class RecordingLedgerContract extends StoreContract {

    private RecordingLedger ledger;
    private String recordingId;

    @BeforeEach
    void newLedger() {
        ledger = new RecordingLedger(dataSource, clock);
        recordingId = newRecordingId();
    }

    private Applied apply(String status) {
        return ledger.apply(Events.status(recordingId, status));
    }

    private Object stored(String column) {
        return ledger.find(recordingId).get(column);
    }

    @Test
    void firstSightCreatesTheRecording() {
        assertThat(apply("INVOKED")).isEqualTo(new Applied(null, "INVOKED", false, true));

        assertThat(ledger.find(recordingId))
                .containsEntry("status", "INVOKED")
                .containsEntry("archive_state", "TRACKING")
                .containsEntry("meeting_id", Payloads.MEETING_ID)
                .containsEntry("session_id", Payloads.SESSION_ID)
                .containsEntry("attempts", 0)
                .containsEntry("first_seen_at", clock.millis());
    }

    @Test
    void movesForward() {
        apply("INVOKED");

        assertThat(apply("RECORDING")).isEqualTo(new Applied("INVOKED", "RECORDING", false, true));
        assertThat(stored("status")).isEqualTo("RECORDING");
    }

    @Test
    void neverMovesBackwardsAndReportsTheLateEvent() {
        apply("UPLOADED");

        assertThat(apply("RECORDING")).isEqualTo(new Applied("UPLOADED", "UPLOADED", true, true));
        assertThat(stored("status")).isEqualTo("UPLOADED");
    }

    @Test
    void unknownStatusDoesNotMoveTheRecording() {
        apply("RECORDING");

        assertThat(apply("TRANSCODING")).isEqualTo(new Applied("RECORDING", "RECORDING", false, false));
        assertThat(stored("status")).isEqualTo("RECORDING");
    }

    @Test
    void concurrentStatusesOfOneRecordingEndInTheHighest() throws Exception {
        List<String> statuses = List.of("INVOKED", "RECORDING", "PAUSED", "UPLOADING", "UPLOADED");
        ExecutorService threads = Executors.newFixedThreadPool(statuses.size());
        try {
            for (int round = 0; round < 20; round++) {
                String id = newRecordingId();
                List<Applied> applied = applyAtOnce(threads, id, statuses);

                assertThat(ledger.find(id)).containsEntry("status", "UPLOADED");
                assertThat(applied).filteredOn(a -> a.previous() == null).as("first sights").hasSize(1);
            }
        } finally {
            threads.shutdown();
            threads.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private List<Applied> applyAtOnce(ExecutorService threads, String id, List<String> statuses) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Applied>> futures = new ArrayList<>();
        for (String status : statuses) {
            futures.add(threads.submit(() -> {
                start.await();
                return ledger.apply(Events.status(id, status));
            }));
        }
        start.countDown();
        List<Applied> applied = new ArrayList<>();
        for (Future<Applied> future : futures) {
            applied.add(future.get(1, TimeUnit.MINUTES));
        }
        return applied;
    }

    @Test
    void archiveStateOfAnUnknownRecordingIsNull() {
        assertThat(ledger.archiveState(recordingId)).isNull();
        assertThat(ledger.find(recordingId)).isNull();
    }

    @Test
    void markArchivingCountsTheAttemptAndKeepsTheLinkExpiry() {
        Instant expiry = Instant.parse("2026-06-17T10:30:00Z");
        RecordingEvent uploaded = Events.uploaded(recordingId, expiry);
        ledger.apply(uploaded);

        ledger.markArchiving(uploaded);
        ledger.markArchiving(uploaded);

        assertThat(ledger.archiveState(recordingId)).isEqualTo("ARCHIVING");
        assertThat(ledger.find(recordingId))
                .containsEntry("attempts", 2)
                .containsEntry("link_expiry", expiry.toEpochMilli());
    }

    @Test
    void markArchivedStoresWhereAndWhatWasArchived() {
        RecordingEvent uploaded = Events.uploaded(recordingId, Instant.parse("2026-06-17T10:30:00Z"));
        ledger.apply(uploaded);
        ledger.markFailed(uploaded, "DOWNLOAD_FAILED", "connection reset");
        clock.advance(Duration.ofMinutes(5));

        ledger.markArchived(uploaded,
                new ArchivedFile("recordings/m/r/weekly.mp4", 2_044_680, "ab".repeat(32), "video/mp4", "weekly.mp4"),
                new ArchivedFile("recordings/m/r/audio.mp3", 1_000, "cd".repeat(32), "audio/mpeg", "weekly.mp3"));

        assertThat(ledger.find(recordingId))
                .containsEntry("archive_state", "ARCHIVED")
                .containsEntry("object_key", "recordings/m/r/weekly.mp4")
                .containsEntry("size_bytes", 2_044_680L)
                .containsEntry("sha256", "ab".repeat(32))
                .containsEntry("audio_key", "recordings/m/r/audio.mp3")
                .containsEntry("audio_size", 1_000L)
                .containsEntry("audio_sha256", "cd".repeat(32))
                .containsEntry("archived_at", clock.millis())
                .containsEntry("reason", null)
                .containsEntry("last_error", null);
    }

    @Test
    void theArchivedExtensionPointIsPendingFromMarkArchivedUntilItIsDone() {
        RecordingEvent uploaded = Events.uploaded(recordingId, Instant.parse("2026-06-17T10:30:00Z"));
        ledger.apply(uploaded);
        assertThat(ledger.archivedHookPending(recordingId)).as("not archived yet").isFalse();
        assertThat(ledger.archivedHookPending(newRecordingId())).as("unknown id").isFalse();
        ArchivedFile stored = new ArchivedFile("recordings/m/r/weekly.mp4", 10, "ab".repeat(32), "video/mp4",
                "weekly.mp4");

        assertThat(ledger.markArchived(uploaded, stored, null)).isTrue();
        assertThat(ledger.archivedHookPending(recordingId)).as("marked, extension point not run").isTrue();

        ledger.archivedHookDone(recordingId);
        assertThat(ledger.archivedHookPending(recordingId)).isFalse();
        assertThat(ledger.markArchived(uploaded, stored, null)).as("a second worker finishing").isFalse();
        assertThat(ledger.archivedHookPending(recordingId)).as("the loser does not reopen the extension point")
                .isFalse();
    }

    @Test
    void archivedFilesAreReadBackWithTheirVerifiedRecordsForTheExtensionPoint() {
        RecordingEvent uploaded = Events.uploaded(recordingId, Instant.parse("2026-06-17T10:30:00Z"));
        ledger.apply(uploaded);
        ArchivedFile video = new ArchivedFile("recordings/m/" + recordingId + "/weekly.mp4", 2_044_680,
                "ab".repeat(32), "video/mp4", "weekly.mp4");
        ArchivedFile audio = new ArchivedFile("recordings/m/" + recordingId + "/audio.mp3", 1_000, "cd".repeat(32),
                "audio/mpeg", "weekly.mp3");
        assertThat(ledger.archivedFile(recordingId, false)).as("not archived yet").isNull();
        new Transfers(dataSource, Duration.ofMinutes(1), "test", clock).verified(video);

        ledger.markArchived(uploaded, video, audio);

        assertThat(ledger.archivedFile(recordingId, false)).isEqualTo(video);
        assertThat(ledger.archivedFile(recordingId, true)).as("no verified record of the audio file: key, size and"
                + " SHA-256 from the ledger").isEqualTo(new ArchivedFile(audio.key(), 1_000, "cd".repeat(32), null,
                        null));
    }

    @Test
    void theJournalNamesTheUnfinishedUploadsOfArchivedRecordingsOnly() {
        RecordingEvent uploaded = Events.uploaded(recordingId, Instant.parse("2026-06-17T10:30:00Z"));
        ledger.apply(uploaded);
        String key = "recordings/m/" + recordingId + "/weekly.mp4";
        jdbc.update("INSERT INTO transfer (object_key, recording_id, upload_id, part_size, source, started_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", key, recordingId, "upload-" + recordingId, 5L << 20, "https://x/y",
                clock.millis());
        Transfers journal = new Transfers(dataSource, Duration.ofMinutes(1), "test", clock);
        long later = clock.millis() + 1;
        assertThat(journal.ofArchivedRecordings(later)).extracting(e -> e.key()).doesNotContain(key);

        ledger.markArchived(uploaded, new ArchivedFile(key, 10, "ab".repeat(32), "video/mp4", "weekly.mp4"), null);

        assertThat(journal.ofArchivedRecordings(later)).extracting(e -> e.uploadId()).contains("upload-" + recordingId);
        assertThat(journal.ofArchivedRecordings(clock.millis())).as("started at, not before, the cutoff")
                .extracting(e -> e.key()).doesNotContain(key);
    }

    @Test
    void markArchivedWithoutAudioLeavesTheAudioColumnsEmpty() {
        RecordingEvent uploaded = Events.uploaded(recordingId, Instant.parse("2026-06-17T10:30:00Z"));
        ledger.apply(uploaded);

        ledger.markArchived(uploaded,
                new ArchivedFile("recordings/m/r/weekly.mp4", 10, "ab".repeat(32), "video/mp4", "weekly.mp4"), null);

        assertThat(ledger.find(recordingId))
                .containsEntry("archive_state", "ARCHIVED")
                .containsEntry("audio_key", null)
                .containsEntry("audio_size", null)
                .containsEntry("audio_sha256", null);
    }

    @Test
    void markErroredStoresTheReasonAndTheReportKey() {
        RecordingEvent errored = Events.status(recordingId, "ERRORED");
        ledger.apply(errored);

        ledger.markErrored(errored, "RECORDING_ERRORED", "errors/" + recordingId + ".json");

        assertThat(ledger.find(recordingId))
                .containsEntry("archive_state", "ERRORED")
                .containsEntry("reason", "RECORDING_ERRORED")
                .containsEntry("report_key", "errors/" + recordingId + ".json");
    }

    @Test
    void markFailedStoresTheErrorWithoutSecretsAndAtMostAThousandCharacters() {
        RecordingEvent uploaded = Events.uploaded(recordingId, Instant.parse("2026-06-17T10:30:00Z"));
        ledger.apply(uploaded);

        ledger.markFailed(uploaded, "DOWNLOAD_FAILED", "GET " + Payloads.DOWNLOAD_URL
                + " answered 403 (Authorization: Bearer eyJhbGciOi.secret-token) " + "x".repeat(2000));

        String stored = (String) stored("last_error");
        assertThat(ledger.archiveState(recordingId)).isEqualTo("FAILED");
        assertThat(stored("reason")).isEqualTo("DOWNLOAD_FAILED");
        assertThat(stored)
                .hasSize(1000)
                .startsWith("GET https://bucket.example-store.com/rec/")
                .contains("?<redacted>", "Bearer <redacted>")
                .doesNotContain("X-Amz-Signature", "deadbeef", "eyJhbGciOi", "secret-token");
    }
}
