package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.recordingarchiver.demo.DemoSender;
import org.junit.jupiter.api.Test;

/** The documented demo: the sender, run against a live archiver that trusts its key, ends with the sample archived. */
class DemoSenderTest extends ArchiverTestBase {

    private Path keyDir;

    @Override
    protected ArchiverEnvironment environment() {
        try {
            keyDir = Files.createTempDirectory("demo-key");
            assertThat(DemoSender.run(new String[] {"--init", "--key-dir", keyDir.toString()}, quiet())).isZero();
            return new ArchiverEnvironment()
                    .with("archiver.webhook.public-key", Files.readString(keyDir.resolve("webhook-public-key.pem")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void demoSenderEndsWithTheSampleRecordingArchivedAndOneErrored() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exit = DemoSender.run(new String[] {"--archiver", env.webhookUrl().toString(),
                "--management", "http://127.0.0.1:" + env.managementPort, "--key-dir", keyDir.toString(),
                "--size", String.valueOf(7L * 1024 * 1024), "--timeout", "60"},
                new PrintStream(output, true, StandardCharsets.UTF_8));

        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("ARCHIVED", "ERRORED", "(7340032 bytes, sha256 ", "errors/")
                .doesNotContain("demo0secret0signature");
        // the status page is at / on the management port (routes/62-status-page.yaml)
        assertThat(printed).contains("See both on the status page: http://127.0.0.1:" + env.managementPort + "/\n");
        assertThat(db().queryForObject("SELECT COUNT(*) FROM recording WHERE archive_state = 'ARCHIVED'"
                + " AND size_bytes = 7340032", Integer.class)).isEqualTo(1);
    }

    @Test
    void senderWithAnUntrustedKeyFailsAndSaysHowToTrustIt() throws Exception {
        Path otherKeys = Files.createTempDirectory("other-key");
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exit = DemoSender.run(new String[] {"--archiver", env.webhookUrl().toString(),
                "--management", "http://127.0.0.1:" + env.managementPort, "--key-dir", otherKeys.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("HTTP 401", "ARCHIVER_WEBHOOK_PUBLIC_KEY");
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        assertThat(DemoSender.run(new String[] {"--colour", "blue"}, quiet())).isEqualTo(2);
    }

    private static PrintStream quiet() {
        try {
            return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
