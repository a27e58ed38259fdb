package io.recordingarchiver.demo;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Plays RealtimeKit against a running archiver, so a new user watches a recording get archived end
 * to end: it serves a sample recording, signs with its own key (kept under {@code ./data/demo}), sends
 * INVOKED, RECORDING, UPLOADING and UPLOADED for one recording and RECORDING, ERRORED for another,
 * then follows both through the archiver's status API.
 *
 * <pre>
 * java -cp recording-archiver.jar io.recordingarchiver.demo.DemoSender --init   # writes the key, prints how to start the archiver
 * java -cp recording-archiver.jar io.recordingarchiver.demo.DemoSender          # plays the recordings
 * </pre>
 *
 * Options: {@code --archiver <webhook URL>} (default http://localhost:8080/webhooks/realtimekit),
 * {@code --management <URL>} (default http://localhost:8081), {@code --key-dir <folder>} (default
 * data/demo), {@code --size <bytes>} (default 20 MiB), {@code --timeout <seconds>} (default 120).
 */
public final class DemoSender {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEMO_ORGANIZATION = "0d0e0f00-de70-4000-8000-000000000000";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String archiver = "http://localhost:8080/webhooks/realtimekit";
    private String management = "http://localhost:8081";
    private Path keyDir = Path.of("data", "demo");
    private long size = 20L * 1024 * 1024;
    private Duration timeout = Duration.ofSeconds(120);
    private boolean initOnly;
    private final PrintStream out;
    private final String webhookId = UUID.randomUUID().toString();

    private DemoSender(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /**
     * Runs the demo; returns the process exit code: 0 when the sample recording was archived (or,
     * with {@code --init}, the key written), 1 when it was not, 2 for a usage error.
     */
    public static int run(String[] args, PrintStream out) throws Exception {
        DemoSender sender = new DemoSender(out);
        try {
            sender.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println("usage: DemoSender [--init] [--archiver URL] [--management URL] [--key-dir DIR] [--size BYTES] [--timeout SECONDS]");
            return 2;
        }
        DemoKey key = DemoKey.loadOrCreate(sender.keyDir);
        if (sender.initOnly) {
            sender.printTrustInstructions(key);
            return 0;
        }
        return sender.play(key);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--init")) {
                initOnly = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--archiver" -> archiver = value;
                case "--management" -> management = value.replaceAll("/+$", "");
                case "--key-dir" -> keyDir = Path.of(value);
                case "--size" -> size = Long.parseLong(value);
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
    }

    private void printTrustInstructions(DemoKey key) {
        out.println("The demo signs its webhooks with its own key. Start the archiver trusting it:");
        out.println();
        out.println("  ARCHIVER_WEBHOOK_PUBLIC_KEY=\"$(cat " + key.publicKeyFile() + ")\" \\");
        out.println("  ARCHIVER_DOWNLOAD_REQUIRE_HTTPS=false ARCHIVER_DOWNLOAD_ALLOW_PRIVATE_NETWORKS=true \\");
        out.println("  java -jar target/recording-archiver.jar");
        out.println();
        out.println("then run the sender again without --init.");
    }

    private int play(DemoKey key) throws Exception {
        try (SampleRecordingServer file = new SampleRecordingServer(size)) {
            String meetingId = UUID.randomUUID().toString();
            String archivedId = UUID.randomUUID().toString();
            String erroredId = UUID.randomUUID().toString();
            out.println("Serving a sample recording of " + size + " bytes; sending its webhooks to " + archiver);
            for (String status : new String[] {"INVOKED", "RECORDING", "UPLOADING", "UPLOADED"}) {
                if (!send(key, payload(meetingId, archivedId, status, file))) {
                    return 1;
                }
            }
            for (String status : new String[] {"RECORDING", "ERRORED"}) {
                if (!send(key, payload(meetingId, erroredId, status, file))) {
                    return 1;
                }
            }
            JsonNode errored = follow(erroredId, "ERRORED");
            JsonNode archived = follow(archivedId, "ARCHIVED");
            if (archived == null) {
                return 1;
            }
            out.println("Archived " + archived.path("recording").path("key").asText() + " ("
                    + archived.path("recording").path("size").asLong() + " bytes, sha256 "
                    + archived.path("recording").path("sha256").asText() + ")");
            if (errored != null) {
                out.println("The ERRORED recording has its report at " + errored.path("errorReportKey").asText());
            }
            out.println("See both on the status page: " + management + "/");
            return 0;
        }
    }

    private boolean send(DemoKey key, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(archiver)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("rtk-signature", key.sign(body))
                .header("rtk-uuid", UUID.randomUUID().toString())
                .header("rtk-webhook-id", webhookId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode sent = JSON.readTree(body).path("recording");
        out.println("  " + sent.path("status").asText() + " of " + sent.path("id").asText() + " -> HTTP "
                + answer.statusCode() + " " + answer.body());
        if (answer.statusCode() == 401) {
            out.println("The archiver does not trust the demo key yet.");
            printTrustInstructions(key);
        }
        return answer.statusCode() == 200;
    }

    /** Polls the status API until the recording reaches a final archive state; null unless it is {@code expected}. */
    private JsonNode follow(String recordingId, String expected) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(management + "/recordings/" + recordingId))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                JsonNode status = JSON.readTree(answer.body());
                String state = status.path("archiveState").asText();
                JsonNode transfer = status.path("transfer");
                String line = state + (transfer.isObject() ? " " + transfer.path("percent").asText() + " %" : "");
                if (!line.equals(last)) {
                    out.println("  " + recordingId + ": " + line);
                    last = line;
                }
                if (state.equals("ARCHIVED") || state.equals("ERRORED") || state.equals("FAILED")) {
                    return state.equals(expected) ? status : null;
                }
            }
            Thread.sleep(250);
        }
        out.println("  " + recordingId + " did not reach " + expected + " within " + timeout.toSeconds() + " s");
        return null;
    }

    private static byte[] payload(String meetingId, String recordingId, String status, SampleRecordingServer file) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode root = JSON.createObjectNode();
        root.put("event", "recording.statusUpdate");
        ObjectNode meeting = root.putObject("meeting");
        meeting.put("id", meetingId);
        meeting.put("sessionId", meetingId);
        meeting.put("title", "Archiver demo");
        meeting.put("status", "LIVE");
        meeting.put("createdAt", now.minus(20, ChronoUnit.MINUTES).toString());
        meeting.put("startedAt", now.minus(20, ChronoUnit.MINUTES).toString());
        ObjectNode recording = root.putObject("recording");
        recording.put("id", recordingId);
        recording.put("recordingId", recordingId);
        recording.put("status", status);
        recording.put("meetingId", meetingId);
        recording.put("organizationId", DEMO_ORGANIZATION);
        recording.put("roomUUID", meetingId);
        recording.put("outputFileName", "archiver-demo_" + recordingId.substring(0, 8) + ".mp4");
        recording.put("startedTime", now.minus(15, ChronoUnit.MINUTES).toString());
        if (status.equals("UPLOADING") || status.equals("UPLOADED") || status.equals("ERRORED")) {
            recording.put("stoppedTime", now.minus(1, ChronoUnit.MINUTES).toString());
            recording.put("recordingDuration", 840);
        }
        if (status.equals("UPLOADED")) {
            recording.put("fileSize", String.valueOf(file.size()));
            recording.put("downloadUrl", file.url());
            recording.put("downloadUrlExpiry", now.plus(7, ChronoUnit.DAYS).toString());
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
