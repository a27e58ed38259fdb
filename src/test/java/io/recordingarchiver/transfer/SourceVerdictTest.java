package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordingarchiver.archive.ArchiveFailure;
import io.recordingarchiver.transfer.SourceVerdict.Kind;
import org.junit.jupiter.api.Test;

/** The reading of a source's answer, RFC 9110 sections 14.4 and 15.3.7, and the misbehaviours real servers show. */
class SourceVerdictTest {

    private static final long SIZE = 1000;

    @Test
    void aPlainGetIsTheWholeFileSizedByContentLengthOrTheAnnouncedSize() {
        assertThat(SourceVerdict.of(200, SIZE, null, null, null, null, null, "k"))
                .isEqualTo(new SourceVerdict(Kind.FULL, SIZE, null));
        assertThat(SourceVerdict.of(200, null, null, null, null, SIZE, null, "k").total()).isEqualTo(SIZE);
        assertThat(SourceVerdict.of(200, null, null, null, null, null, null, "k").total()).isNull();
    }

    @Test
    void aContentLengthOtherThanTheAnnouncedSizeNamesBothSides() {
        assertThatThrownBy(() -> SourceVerdict.of(200, 999L, null, null, null, SIZE, null, "k"))
                .isInstanceOf(ArchiveFailure.class).hasFieldOrPropertyWithValue("reason", "size-mismatch")
                .hasMessageContaining("the source's Content-Length (999)")
                .hasMessageContaining("RealtimeKit's announced fileSize (1000)");
        assertThatThrownBy(() -> SourceVerdict.of(206, 100L, "bytes 0-99/1001", 0L, 99L, SIZE, null, "k"))
                .hasMessageContaining("the source's Content-Range total (1001)");
    }

    @Test
    void anExact206IsRangedOrAStreamToTheEnd() {
        assertThat(SourceVerdict.of(206, 100L, "bytes 0-99/1000", 0L, 99L, null, null, "k"))
                .isEqualTo(new SourceVerdict(Kind.RANGED, SIZE, null));
        assertThat(SourceVerdict.of(206, 500L, "bytes 500-999/1000", 500L, null, null, SIZE, "k"))
                .isEqualTo(new SourceVerdict(Kind.STREAM, SIZE, null));
        assertThat(SourceVerdict.of(206, 1000L, "bytes 0-999/1000", 0L, 4999L, null, null, "k").kind())
                .as("a range asked past the end ends at the file's end").isEqualTo(Kind.RANGED);
    }

    @Test
    void every206ThatIsNotExactlyTheRangeAskedRestartsFromZero() {
        assertThat(SourceVerdict.of(206, 600L, "bytes 400-999/1000", 500L, null, null, SIZE, "k").kind())
                .as("starts before the offset").isEqualTo(Kind.RESTART);
        assertThat(SourceVerdict.of(206, 400L, "bytes 600-999/1000", 500L, null, null, SIZE, "k").kind())
                .as("starts after the offset").isEqualTo(Kind.RESTART);
        assertThat(SourceVerdict.of(206, 500L, "bytes 500-999/1004", 500L, null, null, SIZE, "k").kind())
                .as("another total than the source gave before").isEqualTo(Kind.RESTART);
        assertThat(SourceVerdict.of(206, 500L, "bytes 500-999/*", 500L, null, null, null, "k").kind())
                .as("no total").isEqualTo(Kind.RESTART);
        assertThat(SourceVerdict.of(206, 499L, "bytes 500-999/1000", 500L, null, null, SIZE, "k").kind())
                .as("Content-Length disagrees with Content-Range").isEqualTo(Kind.RESTART);
        assertThat(SourceVerdict.of(206, 100L, "bytes 0-99/1000", 0L, 199L, null, null, "k").kind())
                .as("a shorter range than asked").isEqualTo(Kind.RESTART);
        assertThat(SourceVerdict.of(416, 0L, "bytes */1000", 1000L, null, null, SIZE, "k").kind()).isEqualTo(Kind.RESTART);
    }

    @Test
    void a200ToARangeRequestIsTheFileOnlyWhenItsLengthIsTheFullSize() {
        assertThat(SourceVerdict.of(200, SIZE, null, 500L, null, null, SIZE, "k"))
                .as("a source that ignores Range").isEqualTo(new SourceVerdict(Kind.FULL, SIZE, null));
        assertThat(SourceVerdict.of(200, 500L, "bytes 500-999/1000", 500L, null, null, SIZE, "k").kind())
                .as("only the slice, as 200").isEqualTo(Kind.RESTART);
        assertThat(SourceVerdict.of(200, 500L, null, 500L, null, SIZE, null, "k").kind())
                .as("a 200 shorter than the announced size").isEqualTo(Kind.RESTART);
        assertThat(SourceVerdict.of(200, 100L, "bytes 0-99/1000", 0L, 99L, null, null, "k").kind())
                .as("a 200 with a Content-Range is never the whole file").isEqualTo(Kind.RESTART);
    }

    @Test
    void aStatus206ToARequestWithoutRangeIsInvalid() {
        assertThatThrownBy(() -> SourceVerdict.of(206, 100L, "bytes 0-99/1000", null, null, null, null, "k"))
                .hasFieldOrPropertyWithValue("reason", "source-answer-invalid");
    }
}
