package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence, each log format's layout (log4j2.properties): any URL's query string is
 * cut from every line, whatever its scheme. Camel's start-up summary prints every setting's value,
 * and a JDBC URL can carry the database password in its query ({@code ?user=...&password=...}, as
 * PostgreSQL's driver accepts); an https link carries its presigned signature there.
 */
class LogLayoutRedactionTest {

    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void aUrlQueryIsCutWhateverItsScheme(String format) {
        LogCapture log = LogCapture.attach(format);

        LoggerFactory.getLogger("archiver.test").info("archiver.db.url = jdbc:postgresql://db.internal:5432/archive"
                + "?user=archiver&password=hunter2 and link https://files.example.com/r.mp4?X-Amz-Signature=abc123");

        assertThat(log.text()).contains("jdbc:postgresql://db.internal:5432/archive?<redacted>",
                "https://files.example.com/r.mp4?<redacted>").doesNotContain("hunter2", "abc123");
    }
}
