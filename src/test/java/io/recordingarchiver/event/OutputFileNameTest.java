package io.recordingarchiver.event;

import static io.recordingarchiver.Payloads.RECORDING_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.recordingarchiver.Payloads;

class OutputFileNameTest {

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("weekly-sync_1718012345678.mp4", "weekly-sync_1718012345678.mp4"),
                Arguments.of("../../etc/passwd", "passwd"),
                Arguments.of("a/b\\c.mp4", "c.mp4"),
                Arguments.of("C:\\Users\\me\\rec.webm", "rec.webm"),
                Arguments.of("\u0000x.mp4", "x.mp4"),
                Arguments.of("x\r\n\t.mp4", "x.mp4"),
                Arguments.of("evil\u202Egpj.mp4", "evilgpj.mp4"),
                Arguments.of(".hidden.mp4", "hidden.mp4"),
                Arguments.of(" ...  .mp4 ", "mp4"),
                Arguments.of("a..b.mp4", "ab.mp4"),
                Arguments.of("Réunion hebdo.mp4", "Réunion hebdo.mp4"),
                Arguments.of("", RECORDING_ID + ".mp4"),
                Arguments.of("   ", RECORDING_ID + ".mp4"),
                Arguments.of("..", RECORDING_ID + ".mp4"),
                Arguments.of("folder/", RECORDING_ID + ".mp4"),
                Arguments.of("\u0000", RECORDING_ID + ".mp4"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("names")
    void sanitisesTheFileName(String sent, String expected) {
        RecordingEvent e = withName(sent);

        assertThat(e.outputFileName()).isEqualTo(expected);
        assertThat(e.rawOutputFileName()).isEqualTo(sent);
    }

    @Test
    void fallsBackToTheRecordingIdWhenAbsent() {
        ObjectNode tree = Payloads.uploadedTree();
        Payloads.recording(tree).remove("outputFileName");

        RecordingEvent e = Payloads.parse(tree);

        assertThat(e.outputFileName()).isEqualTo(RECORDING_ID + ".mp4");
        assertThat(e.rawOutputFileName()).isNull();
    }

    @Test
    void shortensLongNamesKeepingTheExtension() {
        String name = "n".repeat(496) + ".mp4";

        String sanitised = withName(name).outputFileName();

        assertThat(sanitised).hasSize(200).startsWith("nnnn").endsWith("n.mp4");
    }

    @Test
    void neverSplitsASurrogatePairWhenShortening() {
        String name = "ab" + "\uD83C\uDFA5".repeat(150) + ".webm";

        String sanitised = withName(name).outputFileName();

        assertThat(sanitised).endsWith("\uD83C\uDFA5.webm").hasSizeLessThanOrEqualTo(200);
        assertThat(sanitised.codePoints().noneMatch(c -> Character.isSurrogate((char) c) && c < 0x10000)).isTrue();
    }

    @Test
    void shorteningNeverJoinsTwoDotsIntoOne() {
        // found by IntakeFuzzTest: the cut fell right after a dot, next to the extension's dot
        String name = "n".repeat(195) + "." + "m".repeat(300) + ".mp4";

        String sanitised = withName(name).outputFileName();

        assertThat(sanitised).doesNotContain("..").endsWith("n.mp4").hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void shortensLongNamesWithoutExtension() {
        assertThat(withName("x".repeat(500)).outputFileName()).isEqualTo("x".repeat(200));
    }

    private static RecordingEvent withName(String name) {
        ObjectNode tree = Payloads.uploadedTree();
        Payloads.recording(tree).put("outputFileName", name);
        return Payloads.parse(tree);
    }
}
