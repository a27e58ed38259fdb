package io.recordingarchiver.dispatch;

import static io.recordingarchiver.Events.newRecordingId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import io.recordingarchiver.dispatch.Inbox.Claim;
import io.recordingarchiver.transfer.TransferJournal.StoredPart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.recordingarchiver.StoreContract;
import io.recordingarchiver.archive.FileToArchive;
import io.recordingarchiver.Events;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.archive.ArchiveFailure;
import io.recordingarchiver.transfer.Transfers;

/**
 * Shared mode's fencing, run against each database: a stored part renews the lease of the claim
 * that holds the recording, and a holder that was too slow to renew it in time (another process
 * took the recording over) is stopped at its next part and cannot complete the upload.
 */
abstract class ClaimFencingContract extends StoreContract {

    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final long PART = 5L * 1024 * 1024;

    private String recordingId;
    private FileToArchive file;

    @BeforeEach
    void newRecording() {
        jdbc.update("DELETE FROM transfer_part");
        jdbc.update("DELETE FROM transfer");
        recordingId = newRecordingId();
        file = new FileToArchive("https://files.example/r.mp4?sig=1", "recordings/m/" + recordingId + "/r.mp4",
                3 * PART, Map.of("recording-id", recordingId), "video/mp4", "r.mp4");
    }

    private Inbox inbox(DataSource process) {
        return new Inbox(process, LEASE, Duration.ofMinutes(1), 1, clock);
    }

    private Transfers transfers(DataSource process, Inbox inbox) {
        return new Transfers(process, LEASE, inbox.owner(), clock);
    }

    private Claim claimUploaded(Inbox inbox) {
        inbox.accept("d-" + recordingId, Events.uploaded(recordingId, Instant.now().plus(Duration.ofHours(3))));
        return inbox.claim().get(0);
    }

    @Test
    void eachStoredPartKeepsTheClaimSoNobodyTakesItOver() {
        Inbox first = inbox(dataSource);
        Inbox second = inbox(anotherProcess(2));
        claimUploaded(first);
        Transfers journal = transfers(dataSource, first);
        journal.started(file, "upload-1", PART);

        clock.advance(LEASE.minusMinutes(1));
        journal.partStored("upload-1", new StoredPart(1, "etag-1", PART));
        clock.advance(Duration.ofMinutes(2));

        assertThat(second.claim()).as("the lease was renewed by the part").isEmpty();
    }

    @Test
    void aSlowHolderWhoseClaimWasTakenOverStopsAtItsNextPartAndCannotComplete() {
        Inbox slow = inbox(dataSource);
        DataSource otherProcess = anotherProcess(2);
        Inbox other = inbox(otherProcess);
        claimUploaded(slow);
        Transfers slowJournal = transfers(dataSource, slow);
        slowJournal.started(file, "upload-1", PART);
        slowJournal.partStored("upload-1", new StoredPart(1, "etag-1", PART));

        clock.advance(LEASE.plusSeconds(1));
        assertThat(other.claim()).as("taken over after the lease").hasSize(1);

        assertThatThrownBy(() -> slowJournal.partStored("upload-1", new StoredPart(2, "etag-2", PART)))
                .isInstanceOf(ArchiveFailure.ClaimLost.class);
        assertThatThrownBy(() -> slowJournal.completing("upload-1")).isInstanceOf(ArchiveFailure.ClaimLost.class);
        Transfers otherJournal = transfers(otherProcess, other);
        otherJournal.partStored("upload-1", new StoredPart(2, "etag-2", PART));
        otherJournal.completing("upload-1");
    }

    @Test
    void aClaimGivenBackOnShutdownIsNoLongerTheStoppingProcessToComplete() {
        Inbox stopping = inbox(dataSource);
        claimUploaded(stopping);
        Transfers journal = transfers(dataSource, stopping);
        journal.started(file, "upload-1", PART);

        stopping.releaseOwnClaims();

        assertThat(inbox(anotherProcess(2)).claim()).as("claimable at once, not after the lease").hasSize(1);
        assertThatThrownBy(() -> journal.completing("upload-1")).isInstanceOf(ArchiveFailure.ClaimLost.class);
    }

    @Test
    void anUploadAnotherWorkerFinishedCannotBeCompletedAgain() {
        Inbox inbox = inbox(dataSource);
        claimUploaded(inbox);
        Transfers journal = transfers(dataSource, inbox);
        journal.started(file, "upload-1", PART);

        journal.finished(file.key());

        assertThatThrownBy(() -> journal.completing("upload-1")).isInstanceOf(ArchiveFailure.ClaimLost.class);
    }

    @Test
    void withoutAnOpenDeliveryThereIsNoClaimToFence() {
        Transfers journal = transfers(dataSource, inbox(dataSource));
        journal.started(file, "upload-1", PART);

        journal.partStored("upload-1", new StoredPart(1, "etag-1", PART));
        journal.completing("upload-1");
    }

    @Test
    void aRecordingIsMarkedArchivedOnceAndAFailureAfterwardsDoesNotUndoIt() {
        RecordingLedger ledger = new RecordingLedger(dataSource, clock);
        RecordingEvent uploaded = Events.uploaded(recordingId, Instant.now().plus(Duration.ofHours(3)));
        ledger.apply(uploaded);
        ArchivedFile stored = new ArchivedFile(file.key(), 3 * PART, "ab".repeat(32), "video/mp4", "r.mp4");

        assertThat(ledger.markArchived(uploaded, stored, null)).isTrue();
        assertThat(ledger.markArchived(uploaded, stored, null)).as("the second worker to finish").isFalse();
        ledger.markFailed(uploaded, "s3-rejected", "NoSuchUpload");
        assertThat(ledger.archiveState(recordingId)).isEqualTo("ARCHIVED");
    }
}
