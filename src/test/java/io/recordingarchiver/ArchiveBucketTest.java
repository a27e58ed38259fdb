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

        ArchivedFile stored = bucket.store(new ByteArrayInputStream(content), "small/rec.mp4", (long) content.length,
                Map.of("recording-id", "r1"), "video/mp4", "rec.mp4");

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

        ArchivedFile stored = bucket.store(new ByteArrayInputStream(content), "large/rec.mp4", null,
                Map.of("recording-id", "r2", "meeting-id", "m2"), "video/mp4", "rec.mp4");

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

        assertThatThrownBy(() -> bucket.store(new ByteArrayInputStream(content), "short/rec.mp4",
                content.length + 1L, Map.of(), "video/mp4", "rec.mp4"))
                .isInstanceOf(ArchiveFailure.class)
                .hasFieldOrPropertyWithValue("reason", "size-mismatch");
        assertThatThrownBy(() -> bucket.store(new ByteArrayInputStream(content), "long/rec.mp4",
                content.length - 1L, Map.of(), "video/mp4", "rec.mp4"))
                .isInstanceOf(ArchiveFailure.class)
                .hasFieldOrPropertyWithValue("reason", "size-mismatch");
        assertThatThrownBy(() -> bucket.store(new ByteArrayInputStream(bytes(1000, 4)), "tiny/rec.mp4",
                999L, Map.of(), "video/mp4", "rec.mp4"))
                .hasFieldOrPropertyWithValue("reason", "size-mismatch");

        assertThat(bucket.head("short/rec.mp4")).isNull();
        assertThat(bucket.head("long/rec.mp4")).isNull();
        assertThat(bucket.head("tiny/rec.mp4")).isNull();
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive")).uploads()).isEmpty();
    }

    @Test
    void aSourceThatBreaksMidwayIsTransientAndLeavesNothing() {
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

        assertThatThrownBy(() -> bucket.store(breaking, "broken/rec.mp4", null, Map.of(), "video/mp4", "rec.mp4"))
                .isInstanceOf(ArchiveFailure.Transient.class)
                .hasFieldOrPropertyWithValue("reason", "download-interrupted");
        assertThat(bucket.head("broken/rec.mp4")).isNull();
        assertThat(s3.listMultipartUploads(b -> b.bucket("archive")).uploads()).isEmpty();
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
