package io.recordingarchiver.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordingStatusTest {

    @ParameterizedTest(name = "{0} then {1} -> {2}, late={3}")
    @CsvSource(nullValues = "null", value = {
        "null,      INVOKED,   INVOKED,   false",
        "INVOKED,   RECORDING, RECORDING, false",
        "RECORDING, PAUSED,    PAUSED,    false",
        "PAUSED,    RECORDING, RECORDING, false",
        "RECORDING, UPLOADING, UPLOADING, false",
        "UPLOADING, UPLOADED,  UPLOADED,  false",
        "UPLOADED,  RECORDING, UPLOADED,  true",
        "UPLOADED,  UPLOADING, UPLOADED,  true",
        "UPLOADED,  ERRORED,   UPLOADED,  true",
        "ERRORED,   UPLOADED,  ERRORED,   true",
        "UPLOADING, INVOKED,   UPLOADING, true",
        "UPLOADED,  UPLOADED,  UPLOADED,  false",
        "RECORDING, TRANSCODING, RECORDING, false",
        "null,      TRANSCODING, TRANSCODING, false",
        "TRANSCODING, UPLOADED, UPLOADED, false",
    })
    void neverMovesBackwards(String current, String next, String expected, boolean late) {
        assertThat(RecordingStatus.next(current, next)).isEqualTo(expected);
        assertThat(RecordingStatus.isLate(current, next)).isEqualTo(late);
    }
}
