package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import io.recordingarchiver.archive.ArchiveFailure;
import io.recordingarchiver.dispatch.ArchivedFile;
import io.recordingarchiver.archive.DownloadGuard;
import io.recordingarchiver.archive.FileToArchive;
import io.recordingarchiver.testkit.RealtimeKitStandIn;
import io.recordingarchiver.testkit.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The transfer engine against real parts: a real S3 API server (s3proxy, in-process) and the
 * RealtimeKit stand-in serving files over real HTTP, with its faults.
 */
class TransferManagerTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;
    static EmbeddedS3 server;
    static S3Client s3;
    static RealtimeKitStandIn rtk;
    static TransferManager oneStream;
    static TransferManager ranged;

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedS3(dir.resolve("s3"), 0, "test-access", "test-secret");
        server.start();
        s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access", "test-secret")))
                .build();
        rtk = new RealtimeKitStandIn();
        oneStream = manager(new MemoryJournal(), 1, 2);
        ranged = manager(new MemoryJournal(), 4, 2);
        oneStream.ensureBucket();
    }

    static TransferManager manager(MemoryJournal journal, int connections, int parallelParts) {
        return new TransferManager(s3, "archive", new FileSource(new DownloadGuard(false, "", true), 16, 5000, 10000),
                journal, new RunningTransfers(Duration.ofSeconds(30)), new BufferBudget(64L * MIB), 5L * MIB,
                parallelParts, connections);
    }

    @AfterAll
    static void stop() throws Exception {
        oneStream.close();
        ranged.close();
        rtk.close();
        s3.close();
        server.stop();
    }

    @Test
    void smallFileGoesInOnePutWithItsMetadataAndIsNeverWrittenAgain() throws IOException {
        RecordingFile content = rtk.addFile("small.mp4", 123_456, 1);

        ArchivedFile stored = oneStream.transfer(file("small.mp4", "small/rec.mp4", content.size(), "r1"));

        assertThat(stored.size()).isEqualTo(content.size());
        assertThat(stored.sha256()).isEqualTo(content.sha256Hex());
        HeadObjectResponse head = s3.headObject(b -> b.bucket("archive").key("small/rec.mp4"));
        assertThat(head.contentLength()).isEqualTo(content.size());
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(head.metadata()).containsEntry("recording-id", "r1").doesNotContainKey("sha256");
        assertThat(objectSha256("small/rec.mp4")).isEqualTo(content.sha256Hex());
    }

    @Test
    void largeFileGoesInPartsInOneStreamOrInParallelRanges() throws IOException {
        RecordingFile content = rtk.addFile("large.mp4", 17L * MIB + 12_345, 2);

        ArchivedFile streamed = oneStream.transfer(file("large.mp4", "large/one.mp4", null, "r2"));
        ArchivedFile inRanges = ranged.transfer(file("large.mp4", "large/ranged.mp4", content.size(), "r2"));

        assertThat(streamed.sha256()).isEqualTo(content.sha256Hex());
        assertThat(inRanges.sha256()).isEqualTo(content.sha256Hex());
        assertThat(objectSha256("large/one.mp4")).isEqualTo(content.sha256Hex());
        assertThat(objectSha256("large/ranged.mp4")).isEqualTo(content.sha256Hex());
        assertThat(s3.headObject(b -> b.bucket("archive").key("large/ranged.mp4")).metadata())
                .containsEntry("recording-id", "r2").doesNotContainKey("sha256");
        assertThat(rtk.rangeHeadersSeen("large.mp4")).contains("bytes=0-5242879", "bytes=15728640-17838136");
        assertThat(rtk.bytesServed("large.mp4")).isEqualTo(2 * content.size());
    }

    @Test
    void sizeMismatchLeavesNoObjectAndNoUnfinishedUploadAndSaysWhichSideDisagreed() {
        RecordingFile content = rtk.addFile("mismatch.mp4", 12L * MIB, 3);
        RecordingFile tiny = rtk.addFile("tiny.mp4", 1000, 4);

        for (TransferManager manager : new TransferManager[] {oneStream, ranged}) {
            assertThatThrownBy(() -> manager.transfer(file("mismatch.mp4", "short/rec.mp4", content.size() + 1, "r3")))
                    .isInstanceOf(ArchiveFailure.class).hasFieldOrPropertyWithValue("reason", "size-mismatch")
                    .hasMessageContaining("RealtimeKit's announced fileSize (" + (content.size() + 1) + ")")
                    .hasMessageContaining(String.valueOf(content.size()));
            assertThatThrownBy(() -> manager.transfer(file("mismatch.mp4", "long/rec.mp4", content.size() - 1, "r3")))
                    .hasFieldOrPropertyWithValue("reason", "size-mismatch");
            assertThatThrownBy(() -> manager.transfer(file("tiny.mp4", "tiny/rec.mp4", 999L, "r3")))
                    .hasFieldOrPropertyWithValue("reason", "size-mismatch");
        }
        assertThat(tiny.size()).isEqualTo(1000);
        for (String key : new String[] {"short/rec.mp4", "long/rec.mp4", "tiny/rec.mp4"}) {
            assertThat(new VerifiedCopy(oneStream.writer(), oneStream.journal()).head(key)).as(key).isNull();
        }
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive")).uploads())
                .extracting(u -> u.key()).doesNotContain("short/rec.mp4", "long/rec.mp4", "tiny/rec.mp4");
    }

    @Test
    void aCutTransferIsTransientThenResumesFromTheLastStoredPartWithTheRightBytes() throws IOException {
        RecordingFile content = rtk.addFile("cut.mp4", 23L * MIB + 777, 5);
        MemoryJournal journal = new MemoryJournal();
        TransferManager manager = manager(journal, 1, 2);
        FileToArchive file = file("cut.mp4", "resumed/rec.mp4", null, "r5");
        rtk.cutAfterBytes("cut.mp4", 17L * MIB);

        assertThatThrownBy(() -> manager.transfer(file)).isInstanceOf(ArchiveFailure.Transient.class)
                .hasFieldOrPropertyWithValue("reason", "download-interrupted");
        assertThat(journal.find(file.key())).isNotNull();
        assertThat(journal.find(file.key()).sourceSize()).isEqualTo(content.size());
        ArchivedFile stored = manager.transfer(file);

        assertThat(stored.size()).isEqualTo(content.size());
        assertThat(stored.sha256()).isEqualTo(content.sha256Hex());
        assertThat(objectSha256("resumed/rec.mp4")).isEqualTo(content.sha256Hex());
        assertThat(rtk.rangeHeadersSeen("cut.mp4")).containsExactly("bytes=15728640-");
        assertThat(journal.find(file.key())).isNull();
        assertThat(journal.verifiedFile(file.key())).isEqualTo(stored);
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("resumed/")).uploads()).isEmpty();
    }

    @Test
    void aResumeAfterTheDigestStateWasLostHashesTheStoredObjectAndChecksTheSourceEtag() throws IOException {
        RecordingFile content = rtk.addFile("crash.mp4", 12L * MIB + 5, 6);
        rtk.sendDigests("crash.mp4");
        MemoryJournal journal = new MemoryJournal();
        FileToArchive file = file("crash.mp4", "crash/rec.mp4", content.size(), "r6");
        rtk.cutAfterBytes("crash.mp4", 11L * MIB);
        assertThatThrownBy(() -> manager(journal, 1, 1).transfer(file)).isInstanceOf(ArchiveFailure.Transient.class);

        // another process (a restart): the journal survived, the in-memory digest state did not
        ArchivedFile stored = manager(journal, 1, 1).transfer(file);

        assertThat(stored.sha256()).isEqualTo(content.sha256Hex());
        assertThat(rtk.rangeHeadersSeen("crash.mp4")).containsExactly("bytes=10485760-");
    }

    @Test
    void aSourceEtagOrContentMd5ThatDoesNotMatchTheBytesFailsAndLeavesNothing() {
        RecordingFile content = rtk.addFile("lying.mp4", 7L * MIB, 7);
        rtk.sendWrongDigests("lying.mp4", "\"0123456789abcdef0123456789abcdef\"", null);
        RecordingFile small = rtk.addFile("lying.mp3", 1000, 8);
        rtk.sendWrongDigests("lying.mp3", "\"W/not-a-digest\"", "AAAAAAAAAAAAAAAAAAAAAA==");

        for (TransferManager manager : new TransferManager[] {oneStream, ranged}) {
            assertThatThrownBy(() -> manager.transfer(file("lying.mp4", "lying/rec.mp4", content.size(), "r7")))
                    .hasFieldOrPropertyWithValue("reason", "source-digest-mismatch").hasMessageContaining("ETag");
        }
        // Content-MD5 describes the body it comes with: only a whole-file answer's is checked
        assertThatThrownBy(() -> oneStream.transfer(file("lying.mp3", "lying/audio.mp3", null, "r7")))
                .hasFieldOrPropertyWithValue("reason", "source-digest-mismatch").hasMessageContaining("Content-MD5");
        assertThat(new VerifiedCopy(oneStream.writer(), oneStream.journal()).head("lying/rec.mp4")).isNull();
        assertThat(new VerifiedCopy(oneStream.writer(), oneStream.journal()).head("lying/audio.mp3")).isNull();
        assertThat(small.size()).isEqualTo(1000);
    }

    @Test
    void theTrueEtagIsCheckedAndPasses() throws IOException {
        RecordingFile content = rtk.addFile("honest.mp4", 11L * MIB, 9);
        rtk.sendDigests("honest.mp4");

        assertThat(ranged.transfer(file("honest.mp4", "honest/ranged.mp4", null, "r9")).sha256())
                .isEqualTo(content.sha256Hex());
        assertThat(oneStream.transfer(file("honest.mp4", "honest/one.mp4", null, "r9")).sha256())
                .isEqualTo(content.sha256Hex());
    }

    @Test
    void anotherSourceOrAnUploadS3NoLongerHasIsNotResumed() {
        RecordingFile content = rtk.addFile("moved.mp4", 12L * MIB, 10);
        MemoryJournal journal = new MemoryJournal();
        TransferManager manager = manager(journal, 1, 1);
        FileToArchive file = file("moved.mp4", "moved/rec.mp4", content.size(), "r10");
        rtk.cutAfterBytes("moved.mp4", 11L * MIB);
        assertThatThrownBy(() -> manager.transfer(file)).isInstanceOf(ArchiveFailure.Transient.class);
        String firstUpload = journal.find(file.key()).uploadId();

        FileToArchive elsewhere = new FileToArchive(rtk.redirectingUrl("moved.mp4", Instant.now().plusSeconds(3600)),
                file.key(), file.expectedSize(), Map.of(), "video/mp4", "rec.mp4");
        rtk.cutAfterBytes("moved.mp4", 11L * MIB);
        assertThatThrownBy(() -> manager.transfer(elsewhere)).isInstanceOf(ArchiveFailure.Transient.class);
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("moved/")).uploads())
                .extracting(u -> u.uploadId()).doesNotContain(firstUpload);

        String secondUpload = journal.find(file.key()).uploadId();
        s3.abortMultipartUpload(b -> b.bucket("archive").key(file.key()).uploadId(secondUpload));
        assertThat(manager.transfer(elsewhere).sha256()).isEqualTo(content.sha256Hex());
        assertThat(rtk.rangeHeadersSeen("moved.mp4")).isEmpty();
    }

    @Test
    void uploadsOfTheSameKeyNoJournalNamesAreAbortedWhenItsTransferStarts() throws IOException {
        RecordingFile content = rtk.addFile("unnoted.mp4", 12L * MIB, 12);
        MemoryJournal journal = new MemoryJournal();
        TransferManager manager = manager(journal, 1, 1);
        FileToArchive file = file("unnoted.mp4", "unnoted/rec.mp4", content.size(), "r12");
        // a process killed between starting these uploads and noting them down (the default soak saw one)
        String killedBeforeNoting = s3.createMultipartUpload(b -> b.bucket("archive").key(file.key())).uploadId();
        String alsoKilled = s3.createMultipartUpload(b -> b.bucket("archive").key(file.key())).uploadId();
        String otherFile = s3.createMultipartUpload(b -> b.bucket("archive").key(file.key() + ".other")).uploadId();
        rtk.cutAfterBytes("unnoted.mp4", 11L * MIB);

        assertThatThrownBy(() -> manager.transfer(file)).isInstanceOf(ArchiveFailure.Transient.class);
        String noted = journal.find(file.key()).uploadId();
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("unnoted/")).uploads())
                .as("the killed ones aborted, the noted one and another key's kept")
                .extracting(u -> u.uploadId()).containsExactlyInAnyOrder(noted, otherFile)
                .doesNotContain(killedBeforeNoting, alsoKilled);

        assertThat(manager.transfer(file).sha256()).as("the noted upload still resumes").isEqualTo(content.sha256Hex());
        assertThat(rtk.rangeHeadersSeen("unnoted.mp4")).isNotEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("unnoted/")).uploads())
                .extracting(u -> u.uploadId()).containsExactly(otherFile);
    }

    @Test
    void uploadsNoTransferCanResumeAreAbortedAndOthersKept() {
        MemoryJournal journal = new MemoryJournal();
        TransferManager manager = manager(journal, 1, 1);
        String orphan = s3.createMultipartUpload(b -> b.bucket("archive").key("sweep/orphan.mp4")).uploadId();
        rtk.addFile("kept.mp4", 12L * MIB, 11);
        rtk.cutAfterBytes("kept.mp4", 11L * MIB);
        assertThatThrownBy(() -> manager.transfer(file("kept.mp4", "sweep/kept.mp4", 12L * MIB, "r11")))
                .isInstanceOf(ArchiveFailure.Transient.class);
        AbandonedUploadSweep sweep = new AbandonedUploadSweep(manager.writer(), journal);

        assertThat(sweep.sweep("sweep/", Duration.ofHours(1), Duration.ofDays(7))).isZero();
        assertThat(sweep.sweep("sweep/", Duration.ZERO, Duration.ofDays(7))).isEqualTo(1);
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("sweep/")).uploads())
                .extracting(u -> u.key()).containsExactly("sweep/kept.mp4");
        assertThat(sweep.sweep("sweep/", Duration.ZERO, Duration.ZERO.minusMillis(1))).isEqualTo(1);
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("sweep/")).uploads()).isEmpty();
        assertThat(orphan).isNotBlank();
        assertThat(manager.abortAbandonedUploads("")).as("an empty prefix sweeps nothing").isZero();
    }

    @Test
    void aJournaledUploadOfAnArchivedRecordingIsAbortedAfterTheGrace() {
        MemoryJournal journal = new MemoryJournal();
        TransferManager manager = manager(journal, 1, 1);
        rtk.addFile("left.mp4", 12L * MIB, 13);
        rtk.cutAfterBytes("left.mp4", 11L * MIB);
        assertThatThrownBy(() -> manager.transfer(file("left.mp4", "sweep-archived/left.mp4", 12L * MIB, "r13")))
                .isInstanceOf(ArchiveFailure.Transient.class);
        AbandonedUploadSweep sweep = new AbandonedUploadSweep(manager.writer(), journal);
        assertThat(sweep.sweep("sweep-archived/", Duration.ZERO, Duration.ofDays(7)))
                .as("its recording is not archived: a transfer resumes it").isZero();

        journal.recordingArchived("sweep-archived/left.mp4");

        assertThat(sweep.sweep("sweep-archived/", Duration.ofHours(1), Duration.ofDays(7))).as("within the grace")
                .isZero();
        assertThat(sweep.sweep("sweep-archived/", Duration.ZERO, Duration.ofDays(7))).isEqualTo(1);
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("sweep-archived/")).uploads()).isEmpty();
        assertThat(journal.find("sweep-archived/left.mp4")).isNull();
    }

    @Test
    void aVerifiedCopyIsRecognisedFromTheStateStoreOrElseFromTheManifest() {
        RecordingFile content = rtk.addFile("verified.mp4", 100_000, 12);
        MemoryJournal journal = new MemoryJournal();
        TransferManager manager = manager(journal, 1, 1);
        FileToArchive file = file("verified.mp4", "verified/rec.mp4", content.size(), "r12");
        assertThat(manager.verifiedCopy(file, "verified/manifest.json")).isNull();
        ArchivedFile stored = manager.transfer(file);

        assertThat(manager.verifiedCopy(file, "verified/manifest.json")).isEqualTo(stored);
        TransferManager stateLost = manager(new MemoryJournal(), 1, 1);
        assertThat(stateLost.verifiedCopy(file, "verified/manifest.json")).as("no manifest yet").isNull();
        s3.putObject(b -> b.bucket("archive").key("verified/manifest.json"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("{\"files\":{\"recording\":{\"key\":\""
                        + file.key() + "\",\"size\":" + content.size() + ",\"sha256\":\"" + content.sha256Hex() + "\"}}}"));
        assertThat(stateLost.verifiedCopy(file, "verified/manifest.json").sha256()).isEqualTo(content.sha256Hex());
        FileToArchive otherSize = file("verified.mp4", "verified/rec.mp4", content.size() + 1, "r12");
        assertThat(stateLost.verifiedCopy(otherSize, "verified/manifest.json")).isNull();
    }

    @Test
    void partSizeGrowsSoAHugeFileFitsInTenThousandPartsAndTooSmallPartsAreRefused() {
        assertThat(oneStream.partSizeFor(null)).isEqualTo(5L * MIB);
        assertThat(oneStream.partSizeFor(1024L * MIB)).isEqualTo(5L * MIB);
        long huge = 100L * 1024 * MIB;
        assertThat(oneStream.partSizeFor(huge) * TransferManager.MAX_PARTS).isGreaterThanOrEqualTo(huge);
        assertThatThrownBy(() -> new TransferManager(s3, "archive", null, new MemoryJournal(), null,
                new BufferBudget(MIB), MIB, 2, 1)).hasMessageContaining("archiver.s3.part-size");
        assertThatThrownBy(() -> new TransferManager(s3, "archive", null, new MemoryJournal(), null,
                new BufferBudget(MIB), 5L * MIB, 2, 0)).hasMessageContaining("archiver.download.connections-per-file");
    }

    static FileToArchive file(String name, String key, Long expectedSize, String recordingId) {
        return new FileToArchive(rtk.presignedUrl(name, Instant.now().plusSeconds(3600)), key, expectedSize,
                Map.of("recording-id", recordingId), "video/mp4", "rec.mp4");
    }

    static String objectSha256(String key) throws IOException {
        try (InputStream in = s3.getObject(b -> b.bucket("archive").key(key))) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
