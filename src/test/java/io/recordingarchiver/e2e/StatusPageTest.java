package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.PayloadOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.Requires;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * The status page on the management port, loaded in a real headless browser (Debian's chromium,
 * installed by {@code .ci/run}): it lists the recordings with their states, FAILED first, then the
 * ones still to archive by deadline, then the rest; the run leaves a screenshot in
 * {@code target/status-page.png}. Skipped with one line where Chromium is missing (required under CI=true).
 */
@Requires(ExternalTool.CHROMIUM)
class StatusPageTest extends ArchiverTestBase {

    private static final Path CHROMIUM = ExternalTool.chromium();
    private static final Path SCREENSHOT = Path.of("target", "status-page.png").toAbsolutePath();
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern ROW = Pattern.compile(
            "<tr data-recording-id=\"([^\"]+)\" data-state=\"([^\"]+)\"([^>]*)>(.*?)</tr>", Pattern.DOTALL);

    /** A row of the rendered table: recording id, archive state, its other attributes and its cells as HTML. */
    private record Row(String recordingId, String state, String attributes, String html) {
    }

    @Override
    protected ArchiverEnvironment environment() {
        // a failed download waits ten minutes for its retry, so a recording stays ARCHIVING while the browser
        // looks; the shutdown then gives up on those retries after a second instead of waiting for them
        return new ArchiverEnvironment()
                .with("archiver.retry.initial-delay", "PT10M")
                .with("archiver.retry.max-delay", "PT10M")
                .with("archiver.shutdown.timeout", "PT1S");
    }

    @Test
    void pageListsFailedFirstThenByDeadlineThenMostRecent() throws Exception {

        // created oldest first, so that most-recent-first alone would list them in the reverse order
        String failed = failedRecording();
        String dueSoon = stuckArchiving("page-due-soon.mp4", Instant.now().plus(Duration.ofHours(2)));
        String dueLater = stuckArchiving("page-due-later.mp4", Instant.now().plus(Duration.ofDays(3)));
        String archived = archivedRecording();
        String errored = erroredRecording();

        String url = "http://127.0.0.1:" + env.managementPort + "/";
        String dom = browser("--dump-dom", url);
        Files.deleteIfExists(SCREENSHOT);
        browser("--screenshot=" + SCREENSHOT, url);

        List<Row> rows = rows(dom);
        assertThat(rows).extracting(Row::recordingId).containsExactly(failed, dueSoon, dueLater, errored, archived);
        assertThat(rows).extracting(Row::state).containsExactly("FAILED", "ARCHIVING", "ARCHIVING", "ERRORED", "ARCHIVED");
        assertThat(rows.get(0).html()).contains(">FAILED</span>", "size-mismatch: ");
        assertThat(rows.get(1).html()).contains(">ARCHIVING</span>", "<td>UPLOADED</td>", ">in 1 h ");
        assertThat(rows.get(1).attributes()).contains("class=\"soon\"");
        assertThat(rows.get(2).html()).contains(">in 2 d 23 h<");
        assertThat(rows.get(2).attributes()).doesNotContain("soon");
        assertThat(rows.get(3).html()).contains(">ERRORED</span>", "<td>ERRORED</td>", ">recording-errored<");
        assertThat(rows.get(4).html()).contains(">ARCHIVED</span>", "<td>UPLOADED</td>", ">6.0 MiB<");
        assertThat(dom).contains("5 recordings: 1 failed, 2 archiving, 1 archived, 1 errored.");
        assertThat(Files.size(SCREENSHOT)).as("screenshot size").isGreaterThan(10 * 1024);
    }

    @Test
    void pageIsStaticHtmlThatNeverWritesDataAsHtml() throws Exception {
        HttpResponse<String> page = new ManagementClient(env.managementPort).get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "connect-src 'self'"));
        assertThat(page.body()).startsWith("<!DOCTYPE html>").contains("/recordings?")
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write");
    }

    @Test
    void pageIsNotServedOnThePublicPort() throws Exception {
        assertThat(new ManagementClient(env.httpPort).get("/").statusCode()).isEqualTo(404);
    }

    private String failedRecording() throws Exception {
        RecordingFile video = env.rtk.addFile("page-failed.mp4", 1000, 301);
        StandInRecording recording = env.rtk.recording(video);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED",
                PayloadOptions.defaults().fileSize(video.size() + 1)));
        awaitState(recording.id(), "FAILED");
        return recording.id();
    }

    /** An UPLOADED recording whose download answers 503 (more often than the HTTP client retries by itself): retried in ten minutes. */
    private String stuckArchiving(String name, Instant linkExpiry) throws Exception {
        StandInRecording recording = env.rtk.recording(env.rtk.addFile(name, 1000, name.hashCode()));
        env.rtk.failNextRequests(name, 10, 503);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED",
                PayloadOptions.defaults().linkExpiry(linkExpiry)));
        Await.until("the first download of " + name, () -> env.rtk.requests(name) > 0);
        assertThat(ledger().archiveState(recording.id())).isEqualTo("ARCHIVING");
        return recording.id();
    }

    private String archivedRecording() throws Exception {
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("page-archived.mp4", 6L * 1024 * 1024, 302));
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));
        awaitState(recording.id(), "ARCHIVED");
        return recording.id();
    }

    private String erroredRecording() throws Exception {
        StandInRecording recording = env.rtk.recording(env.rtk.addFile("page-errored.mp4", 1000, 303));
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "ERRORED"));
        awaitState(recording.id(), "ERRORED");
        return recording.id();
    }

    /** Runs headless chromium on the page with a fresh profile; returns what it printed (the DOM for --dump-dom). */
    private static String browser(String action, String url) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("status-page-chromium");
        try {
            return run(work, action, url);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Runs chromium with a fresh profile under {@code work}, its output in files there (a pipe could fill up). */
    private static String run(Path work, String action, String url) throws IOException, InterruptedException {
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        Process process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + work.resolve("profile"), "--window-size=1280,800", "--virtual-time-budget=5000",
                action, url)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("chromium " + action + " did not finish within " + BROWSER_TIMEOUT + ": "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        assertThat(process.exitValue()).as("chromium %s exit code; its errors: %s", action,
                Files.readString(err, StandardCharsets.UTF_8)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static List<Row> rows(String dom) {
        List<Row> rows = new ArrayList<>();
        Matcher row = ROW.matcher(dom);
        while (row.find()) {
            rows.add(new Row(row.group(1), row.group(2), row.group(3), row.group(4)));
        }
        return rows;
    }
}
