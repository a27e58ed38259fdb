package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The bucket writer against a real S3 API server (s3proxy, in-process, on a real socket). */
class ArchiveBucketTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;
    static EmbeddedS3 server;
    static S3Client s3;
    static ArchiveBucket bucket;

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedS3(dir.resolve("s3"), 0, "test-access", "test-secret");
        server.start();
        s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access", "test-secret")))
                .build();
        bucket = new ArchiveBucket(s3, "archive", 5L * MIB, 2);
        bucket.ensureBucket();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.stop();
    }

    @Test
    void smallFileGoesInOnePutWithItsMetadataAndChecksum() {
        byte[] content = bytes(123_456, 1);

        ArchivedFile stored = bucket.store(new ByteArrayInputStream(content), file("small/rec.mp4", (long) content.length, Map.of("recording-id", "r1")));

        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        HeadObjectResponse head = bucket.head("small/rec.mp4");
        assertThat(head.contentLength()).isEqualTo(content.length);
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(head.metadata()).containsEntry("recording-id", "r1").containsEntry("sha256", sha256(content));
    }

    @Test
    void largeFileGoesInPartsKeepingMetadataAndBytes() throws IOException {
        byte[] content = bytes(17 * MIB + 12_345, 2);

        ArchivedFile stored = bucket.store(new ByteArrayInputStream(content), file("large/rec.mp4", null, Map.of("recording-id", "r2", "meeting-id", "m2")));

        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        HeadObjectResponse head = bucket.head("large/rec.mp4");
        assertThat(head.metadata()).containsEntry("recording-id", "r2").containsEntry("meeting-id", "m2")
                .containsEntry("sha256", sha256(content));
        assertThat(head.contentType()).isEqualTo("video/mp4");
        try (InputStream in = s3.getObject(b -> b.bucket("archive").key("large/rec.mp4"))) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(content));
        }
    }

    @Test
    void sizeMismatchLeavesNoObjectAndNoUnfinishedUpload() {
        byte[] content = bytes(12 * MIB, 3);

        assertThatThrownBy(() -> bucket.store(new ByteArrayInputStream(content),
                file("short/rec.mp4", content.length + 1L, Map.of())))
                .isInstanceOf(ArchiveFailure.class)
                .hasFieldOrPropertyWithValue("reason", "size-mismatch");
        assertThatThrownBy(() -> bucket.store(new ByteArrayInputStream(content),
                file("long/rec.mp4", content.length - 1L, Map.of())))
                .isInstanceOf(ArchiveFailure.class)
                .hasFieldOrPropertyWithValue("reason", "size-mismatch");
        assertThatThrownBy(() -> bucket.store(new ByteArrayInputStream(bytes(1000, 4)),
                file("tiny/rec.mp4", 999L, Map.of())))
                .hasFieldOrPropertyWithValue("reason", "size-mismatch");

        assertThat(bucket.head("short/rec.mp4")).isNull();
        assertThat(bucket.head("long/rec.mp4")).isNull();
        assertThat(bucket.head("tiny/rec.mp4")).isNull();
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive")).uploads())
                .extracting(u -> u.key()).doesNotContain("short/rec.mp4", "long/rec.mp4", "tiny/rec.mp4");
    }

    @Test
    void aSourceThatBreaksMidwayIsTransientAndLeavesNothingAtTheKey() {
        InputStream breaking = new InputStream() {
            private long served;

            @Override
            public int read() throws IOException {
                if (served++ > 11L * MIB) {
                    throw new IOException("Connection reset");
                }
                return 7;
            }
        };

        assertThatThrownBy(() -> bucket.store(breaking, file("broken/rec.mp4", null, Map.of())))
                .isInstanceOf(ArchiveFailure.Transient.class)
                .hasFieldOrPropertyWithValue("reason", "download-interrupted");
        assertThat(bucket.head("broken/rec.mp4")).isNull();
    }

    @Test
    void anInterruptedTransferResumesFromTheLastStoredPartAndEndsWithTheRightBytes() throws IOException {
        byte[] content = bytes(23 * MIB + 777, 5);
        MemoryJournal journal = new MemoryJournal();
        ArchiveBucket resumable = new ArchiveBucket(s3, "archive", 5L * MIB, 2, journal, new RunningTransfers(Duration.ofSeconds(30)));
        FileToArchive file = file("resumed/rec.mp4", (long) content.length, Map.of("recording-id", "r5"));

        assertThatThrownBy(() -> resumable.store(cutAfter(content, 17 * MIB), file))
                .isInstanceOf(ArchiveFailure.Transient.class);
        ArchiveBucket.Resume resume = resumable.resumeFor(file);

        assertThat(resume).isNotNull();
        assertThat(resume.offset()).isPositive().isLessThanOrEqualTo(17L * MIB).isEqualTo(resume.parts().size() * 5L * MIB);
        ArchiveBucket.Resume confirmed = resumable.confirmResume(resume, 206,
                "bytes " + resume.offset() + "-" + (content.length - 1) + "/" + content.length, file);
        ArchivedFile stored = resumable.store(new ByteArrayInputStream(content, (int) resume.offset(),
                content.length - (int) resume.offset()), file, confirmed);

        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        try (InputStream in = s3.getObject(b -> b.bucket("archive").key("resumed/rec.mp4"))) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(content));
        }
        assertThat(bucket.head("resumed/rec.mp4").metadata()).containsEntry("sha256", sha256(content))
                .containsEntry("recording-id", "r5");
        assertThat(journal.find("resumed/rec.mp4")).isNull();
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("resumed/")).uploads()).isEmpty();
    }

    @Test
    void aSourceThatIgnoresTheRangeMeansStartingAgain() {
        byte[] content = bytes(12 * MIB, 6);
        MemoryJournal journal = new MemoryJournal();
        ArchiveBucket resumable = new ArchiveBucket(s3, "archive", 5L * MIB, 1, journal, new RunningTransfers(Duration.ofSeconds(30)));
        FileToArchive file = file("norange/rec.mp4", (long) content.length, Map.of());
        assertThatThrownBy(() -> resumable.store(cutAfter(content, 11 * MIB), file))
                .isInstanceOf(ArchiveFailure.Transient.class);
        ArchiveBucket.Resume resume = resumable.resumeFor(file);
        assertThat(resume).isNotNull();

        assertThat(resumable.confirmResume(resume, 200, null, file)).isNull();

        assertThat(journal.find("norange/rec.mp4")).isNull();
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("norange/")).uploads()).isEmpty();
        assertThat(resumable.store(new ByteArrayInputStream(content), file).sha256()).isEqualTo(sha256(content));
    }

    @Test
    void anotherSourceOrAnUploadS3NoLongerHasIsNotResumed() {
        byte[] content = bytes(12 * MIB, 7);
        MemoryJournal journal = new MemoryJournal();
        ArchiveBucket resumable = new ArchiveBucket(s3, "archive", 5L * MIB, 1, journal, new RunningTransfers(Duration.ofSeconds(30)));
        FileToArchive file = file("moved/rec.mp4", (long) content.length, Map.of());
        assertThatThrownBy(() -> resumable.store(cutAfter(content, 11 * MIB), file))
                .isInstanceOf(ArchiveFailure.Transient.class);

        FileToArchive elsewhere = new FileToArchive("https://other.example/moved.mp4?sig=2", file.key(),
                file.expectedSize(), Map.of(), "video/mp4", "rec.mp4");
        assertThat(resumable.resumeFor(elsewhere)).isNull();
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("moved/")).uploads()).isEmpty();

        assertThatThrownBy(() -> resumable.store(cutAfter(content, 11 * MIB), file))
                .isInstanceOf(ArchiveFailure.Transient.class);
        String uploadId = journal.find(file.key()).uploadId();
        s3.abortMultipartUpload(b -> b.bucket("archive").key(file.key()).uploadId(uploadId));
        assertThat(resumable.resumeFor(file)).isNull();
        assertThat(journal.find(file.key())).isNull();
    }

    @Test
    void uploadsNoTransferCanResumeAreAbortedAndOthersKept() {
        MemoryJournal journal = new MemoryJournal();
        ArchiveBucket resumable = new ArchiveBucket(s3, "archive", 5L * MIB, 1, journal, new RunningTransfers(Duration.ofSeconds(30)));
        String orphan = s3.createMultipartUpload(b -> b.bucket("archive").key("sweep/orphan.mp4")).uploadId();
        FileToArchive kept = file("sweep/kept.mp4", 12L * MIB, Map.of());
        assertThatThrownBy(() -> resumable.store(cutAfter(bytes(12 * MIB, 8), 11 * MIB), kept))
                .isInstanceOf(ArchiveFailure.Transient.class);

        assertThat(resumable.abortAbandonedUploads("sweep/", Duration.ofHours(1), Duration.ofDays(7))).isZero();
        assertThat(resumable.abortAbandonedUploads("sweep/", Duration.ZERO, Duration.ofDays(7))).isEqualTo(1);

        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("sweep/")).uploads())
                .extracting(u -> u.key()).containsExactly("sweep/kept.mp4");
        assertThat(resumable.abortAbandonedUploads("sweep/", Duration.ZERO, Duration.ZERO.minusMillis(1)))
                .isEqualTo(1);
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive").prefix("sweep/")).uploads()).isEmpty();
        assertThat(orphan).isNotBlank();
    }

    /** The content, as a download that breaks (connection reset) after {@code bytes}. */
    private static InputStream cutAfter(byte[] content, int bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(content);
        return new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served >= bytes) {
                    throw new IOException("Connection reset");
                }
                int n = in.read(b, off, Math.min(len, bytes - served));
                served += Math.max(n, 0);
                return n;
            }
        };
    }

    /** A journal in memory, enough to resume within one test. */
    static final class MemoryJournal implements TransferJournal {
        private final Map<String, Entry> entries = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void started(FileToArchive file, String uploadId, long partSize) {
            entries.put(file.key(), new Entry(file.key(), uploadId, partSize, Redaction.url(file.url()),
                    System.currentTimeMillis(), new java.util.concurrent.CopyOnWriteArrayList<>()));
        }

        @Override
        public void partStored(String uploadId, StoredPart part) {
            entries.values().stream().filter(e -> e.uploadId().equals(uploadId)).forEach(e -> {
                e.parts().add(part);
                e.parts().sort(java.util.Comparator.comparingInt(StoredPart::number));
            });
        }

        @Override
        public void finished(String key) {
            entries.remove(key);
        }

        @Override
        public Entry find(String key) {
            return entries.get(key);
        }

        @Override
        public java.util.Set<String> uploadIds() {
            return entries.values().stream().map(Entry::uploadId).collect(java.util.stream.Collectors.toSet());
        }

        @Override
        public java.util.List<Entry> startedBefore(long epochMillis) {
            return entries.values().stream().filter(e -> e.startedAt() < epochMillis).toList();
        }
    }

    @Test
    void partSizeGrowsSoAHugeFileFitsInTenThousandParts() {
        assertThat(bucket.partSizeFor(null)).isEqualTo(5L * MIB);
        assertThat(bucket.partSizeFor(1024L * MIB)).isEqualTo(5L * MIB);
        long huge = 100L * 1024 * MIB;
        assertThat(bucket.partSizeFor(huge) * ArchiveBucket.MAX_PARTS).isGreaterThanOrEqualTo(huge);
    }

    @Test
    void refusesPartsSmallerThanS3Allows() {
        assertThatThrownBy(() -> new ArchiveBucket(s3, "archive", MIB, 2))
                .hasMessageContaining("archiver.s3.part-size");
    }

    static FileToArchive file(String key, Long expectedSize, Map<String, String> metadata) {
        return new FileToArchive("https://files.example/" + key + "?X-Amz-Signature=secret", key, expectedSize,
                metadata, "video/mp4", "rec.mp4");
    }

    static byte[] bytes(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
