package io.recordingarchiver.event;

import static io.recordingarchiver.Payloads.RECORDING_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.recordingarchiver.Payloads;

/**
 * Every class of body the parser cannot read. Since issue 10 such a signed body is no longer
 * answered 400: the intake keeps it as held with exactly this reason ({@link IntakeGateTest},
 * {@code HostileIntakeTest}); these are the reasons.
 */
class RecordingEventRejectionTest {

    private static final String NOT_AN_OBJECT = "the body is not a JSON object";

    static Stream<Arguments> rejectedBodies() {
        return Stream.of(
                Arguments.of("not JSON", "event: recording.statusUpdate", NOT_AN_OBJECT),
                Arguments.of("empty", "", NOT_AN_OBJECT),
                Arguments.of("blank", "  \n", NOT_AN_OBJECT),
                Arguments.of("array", "[{\"event\":\"recording.statusUpdate\"}]", NOT_AN_OBJECT),
                Arguments.of("number", "42", NOT_AN_OBJECT),
                Arguments.of("string", "\"recording.statusUpdate\"", NOT_AN_OBJECT),
                Arguments.of("null literal", "null", NOT_AN_OBJECT),
                Arguments.of("truncated", "{\"event\":\"meeting.ended\"", NOT_AN_OBJECT),
                Arguments.of("trailing garbage", "{\"event\":\"meeting.ended\"} xyz",
                        "the body has content after the JSON object"),
                Arguments.of("second object", "{\"event\":\"meeting.ended\"}{\"event\":\"meeting.ended\"}",
                        "the body has content after the JSON object"),
                Arguments.of("no event", "{\"recording\":{}}", "the body has no event field"),
                Arguments.of("event not a string", "{\"event\":{\"type\":\"recording.statusUpdate\"}}",
                        "the body has no event field"),
                Arguments.of("blank event", "{\"event\":\" \"}", "the body has no event field"),
                Arguments.of("33 levels deep", nested(33),
                        "the body is nested deeper than 32 levels or holds an oversized value"),
                Arguments.of("no recording", "{\"event\":\"recording.statusUpdate\"}",
                        "the body has no recording object"),
                Arguments.of("recording not an object", "{\"event\":\"recording.statusUpdate\",\"recording\":[]}",
                        "the body has no recording object"),
                Arguments.of("no recording id",
                        "{\"event\":\"recording.statusUpdate\",\"recording\":{\"status\":\"UPLOADED\"}}",
                        "the recording has no id"),
                Arguments.of("recording id an object", withRecordingField("id", "{\"v\":1}"),
                        "the recording has no id"),
                Arguments.of("no status", withRecordingField("status", "null"),
                        "recording.status is missing or not a string"),
                Arguments.of("blank status", withRecordingField("status", "\"  \""),
                        "recording.status is missing or not a string"),
                Arguments.of("numeric status", withRecordingField("status", "3"),
                        "recording.status is missing or not a string"),
                Arguments.of("negative fileSize string", withRecordingField("fileSize", "\"-1\""),
                        "recording.fileSize is not a non-negative whole number"),
                Arguments.of("negative fileSize number", withRecordingField("fileSize", "-1"),
                        "recording.fileSize is not a non-negative whole number"),
                Arguments.of("fileSize with unit", withRecordingField("fileSize", "\"2 MB\""),
                        "recording.fileSize is not a non-negative whole number"),
                Arguments.of("fractional fileSize", withRecordingField("fileSize", "1.5"),
                        "recording.fileSize is not a non-negative whole number"),
                Arguments.of("boolean fileSize", withRecordingField("fileSize", "true"),
                        "recording.fileSize is not a non-negative whole number"),
                Arguments.of("fileSize beyond long", withRecordingField("fileSize", "\"99999999999999999999\""),
                        "recording.fileSize is not a non-negative whole number"),
                Arguments.of("file URL", withRecordingField("downloadUrl", "\"file:///etc/passwd?x=1\""),
                        "recording.downloadUrl is not an http(s) URL"),
                Arguments.of("javascript URL", withRecordingField("downloadUrl", "\"javascript:alert(1)\""),
                        "recording.downloadUrl is not an http(s) URL"),
                Arguments.of("ftp URL", withRecordingField("downloadUrl", "\"ftp://h.example/r.mp4?s=1\""),
                        "recording.downloadUrl is not an http(s) URL"),
                Arguments.of("relative URL", withRecordingField("downloadUrl", "\"/rec/r.mp4?X-Amz-Signature=1\""),
                        "recording.downloadUrl is not an http(s) URL"),
                Arguments.of("URL without host", withRecordingField("downloadUrl", "\"https:///r.mp4?sig=1\""),
                        "recording.downloadUrl is not an http(s) URL"),
                Arguments.of("URL with a space", withRecordingField("downloadUrl", "\"https://h.example/a b.mp4?sig=1\""),
                        "recording.downloadUrl is not an http(s) URL"),
                Arguments.of("bad audio URL", withRecordingField("audioDownloadUrl", "\"data:audio/mp3;base64,AAAA\""),
                        "recording.audioDownloadUrl is not an http(s) URL"),
                Arguments.of("unreadable expiry", withRecordingField("downloadUrlExpiry", "\"next week\""),
                        "recording.downloadUrlExpiry is not a timestamp"),
                Arguments.of("negative epoch expiry", withRecordingField("downloadUrlExpiry", "-1"),
                        "recording.downloadUrlExpiry is not a timestamp"),
                Arguments.of("fileSize in exponent with a fraction", withRecordingField("fileSize", "\"2.621445E5\""),
                        "recording.fileSize is not a non-negative whole number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedBodies")
    void cannotBeRead(String name, String body, String reason) {
        IntakeRejection rejection = catchThrowableOfType(IntakeRejection.class, () -> RecordingEvent.parse(body));

        assertThat(rejection).as(name).isNotNull();
        assertThat(rejection.getStatus()).isEqualTo(400);
        assertThat(rejection.getReason()).isEqualTo(reason);
    }

    @Test
    void acceptsExactly32Levels() {
        assertThatCode(() -> RecordingEvent.parse(nested(32))).doesNotThrowAnyException();
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] body = {'{', '"', 'e', 'v', 'e', 'n', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        IntakeRejection rejection = catchThrowableOfType(IntakeRejection.class, () -> RecordingEvent.parse(body));

        assertThat(rejection.getReason()).isEqualTo("the body is not UTF-8 text");
    }

    @Test
    void rejectsNullBodies() {
        assertThat(catchThrowableOfType(IntakeRejection.class, () -> RecordingEvent.parse((byte[]) null)).getStatus())
                .isEqualTo(400);
        assertThat(catchThrowableOfType(IntakeRejection.class, () -> RecordingEvent.parse((String) null)).getStatus())
                .isEqualTo(400);
    }

    @Test
    void neverEchoesTheOffendingUrl() {
        String body = withRecordingField("downloadUrl", "\"ftp://secret.example/r.mp4?token=SECRET\"");

        IntakeRejection rejection = catchThrowableOfType(IntakeRejection.class,
                () -> RecordingEvent.parse(body.getBytes(StandardCharsets.UTF_8)));

        assertThat(rejection.getReason()).doesNotContain("secret", "SECRET", "ftp");
    }

    /** An event object with {@code depth} levels of nesting in total. */
    private static String nested(int depth) {
        return "{\"event\":\"meeting.ended\",\"x\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    private static String withRecordingField(String field, String json) {
        var tree = Payloads.uploadedTree();
        Payloads.recording(tree).set(field, Payloads.parseTree(json));
        return tree.toString();
    }

    private static String withMeeting(String meetingJson, String removedRecordingField) {
        var tree = Payloads.uploadedTree();
        tree.set("meeting", Payloads.parseTree(meetingJson));
        Payloads.recording(tree).remove(removedRecordingField);
        return tree.toString();
    }
}
