package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.recordingarchiver.archive.ArchiveFailure;
import org.junit.jupiter.api.Test;

/**
 * The digests a source names: S3's ETag of a single-part object is the hex MD5 of its bytes, of a
 * multipart one {@code <md5 of part md5s>-<parts>} (AWS S3 user guide, "Checking object integrity");
 * Content-MD5 is base64 (RFC 1864); x-amz-checksum-* are base64 (S3 API reference, GetObject).
 */
class SourceDigestsTest {

    /** MD5("hello") = 5d41402abc4b2a76b9719d911017c592, SHA-256("hello") = 2cf24dba..., CRC32("hello") = 3610a686. */
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aPlainMd5EtagIsADigestAMultipartOrWeakOneIsNot() {
        assertThat(of(Map.of("ETag", "\"5d41402abc4b2a76b9719d911017c592\""), false).value("md5"))
                .isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(of(Map.of("ETag", "\"5d41402abc4b2a76b9719d911017c592-3\""), true).isEmpty()).isTrue();
        assertThat(of(Map.of("ETag", "W/\"5d41402abc4b2a76b9719d911017c592\""), true).isEmpty()).isTrue();
    }

    @Test
    void bodyDigestsCountOnlyOnAWholeFileAnswer() {
        Map<String, String> headers = Map.of("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==",
                "x-amz-checksum-sha256", "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=", "x-amz-checksum-crc32", "NhCmhg==");
        assertThat(of(headers, false).isEmpty()).isTrue();
        SourceDigests whole = of(headers, true);
        FileDigests digests = new FileDigests(whole);
        digests.update(HELLO, 0, HELLO.length);
        digests.check(whole, "k");
        assertThat(digests.sha256Hex()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }

    @Test
    void bytesThatDoNotMatchFailNamingTheHeader() {
        SourceDigests named = of(Map.of("x-amz-checksum-crc32", "AAAAAA=="), true);
        FileDigests digests = new FileDigests(named);
        digests.update(HELLO, 0, HELLO.length);
        assertThatThrownBy(() -> digests.check(named, "k")).isInstanceOf(ArchiveFailure.class)
                .hasFieldOrPropertyWithValue("reason", "source-digest-mismatch")
                .hasMessageContaining("x-amz-checksum-crc32").hasMessageContaining("3610a686");
    }

    @Test
    void twoAnswersNamingDifferentEtagsMeanTheFileChanged() {
        SourceDigests a = of(Map.of("ETag", "\"5d41402abc4b2a76b9719d911017c592\""), false);
        SourceDigests b = of(Map.of("ETag", "\"00000000000000000000000000000000\""), false);
        assertThat(a.with(a).value("md5")).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThatThrownBy(() -> a.with(b)).hasMessageContaining("ETag changed");
    }

    private static SourceDigests of(Map<String, String> headers, boolean whole) {
        return SourceDigests.of(name -> headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null), whole);
    }
}
