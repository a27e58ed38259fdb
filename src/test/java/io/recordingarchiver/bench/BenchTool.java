package io.recordingarchiver.bench;

import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The benchmark's driver, run with the test classpath by bench/run.sh. It plays RealtimeKit: signs
 * {@code recording.statusUpdate} deliveries with its own RSA key, posts them, and waits for the
 * archiver's manifest in the bucket (the "object verified" moment: the archiver writes the manifest
 * only after the upload completed with the announced size and the SHA-256 it computed).
 *
 * <pre>
 * keygen DIR                                   key.der (PKCS#8) + public.pem
 * archive DIR WEBHOOK_URL S3_ENDPOINT BUCKET FILE_URL SIZE SHA256 COUNT TIMEOUT_S
 *        posts COUNT UPLOADED deliveries for FILE_URL at once; prints one JSON line of timings
 * bodies DIR COUNT OUT                         COUNT distinct signed RECORDING deliveries, one per
 *                                              line: signature TAB uuid TAB body (for wrk)
 * </pre>
 */
public final class BenchTool {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG_ID = "6b0f3a2e-6f1c-4f52-9a57-3f0d6c1b2a10";

    private BenchTool() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "keygen" -> keygen(Path.of(args[1]));
            case "archive" -> archive(args);
            case "bodies" -> bodies(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void keygen(Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(dir);
        Files.write(dir.resolve("key.der"), pair.getPrivate().getEncoded());
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Files.writeString(dir.resolve("public.pem"), pem);
    }

    private static PrivateKey privateKey(Path dir) throws Exception {
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("key.der"))));
    }

    private static String sign(PrivateKey key, byte[] body) throws Exception {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(body);
        return Base64.getEncoder().encodeToString(signature.sign());
    }

    /** A recording.statusUpdate body in the shape of REALTIMEKIT.md. */
    private static String body(String recordingId, String meetingId, String status, String url, long size) {
        Instant now = Instant.now();
        ObjectNode root = JSON.createObjectNode().put("event", "recording.statusUpdate");
        ObjectNode meeting = root.putObject("meeting").put("id", meetingId).put("sessionId", UUID.randomUUID().toString())
                .put("title", "Bench sync").put("status", "LIVE").put("createdAt", now.minusSeconds(1900).toString())
                .put("startedAt", now.minusSeconds(1850).toString()).putNull("endedAt");
        meeting.putObject("organizedBy").put("id", ORG_ID).put("name", "Bench Org");
        ObjectNode r = root.putObject("recording").put("id", recordingId).put("recordingId", recordingId)
                .put("status", status).put("meetingId", meetingId).put("organizationId", ORG_ID)
                .put("roomUUID", UUID.randomUUID().toString()).put("outputFileName", "bench-" + recordingId + ".mp4")
                .put("startedTime", now.minusSeconds(1800).toString());
        if ("UPLOADED".equals(status)) {
            Instant expiry = now.plus(Duration.ofHours(2));
            String sig = UUID.randomUUID().toString().replace("-", "");
            r.put("stoppedTime", now.minusSeconds(10).toString()).put("recordingDuration", 1790)
                    .put("fileSize", Long.toString(size))
                    .put("downloadUrl", url + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=7200"
                            + "&X-Amz-Signature=" + sig + "&id=" + recordingId)
                    .put("downloadUrlExpiry", expiry.toString());
        } else {
            r.putNull("stoppedTime").put("recordingDuration", 0);
        }
        return root.toString();
    }

    private static void archive(String[] a) throws Exception {
        Path dir = Path.of(a[1]);
        URI webhook = URI.create(a[2]);
        String endpoint = a[3];
        String bucket = a[4];
        String fileUrl = a[5];
        long size = Long.parseLong(a[6]);
        String sha = a[7];
        int count = Integer.parseInt(a[8]);
        long timeoutMs = Long.parseLong(a[9]) * 1000;
        PrivateKey key = privateKey(dir);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("archiver-local", "archiver-local-secret")))
                .build();

        List<String[]> recs = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        List<String> sigs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String rid = UUID.randomUUID().toString();
            String mid = UUID.randomUUID().toString();
            byte[] b = body(rid, mid, "UPLOADED", fileUrl, size).getBytes(StandardCharsets.UTF_8);
            recs.add(new String[] {rid, mid});
            bodies.add(b);
            sigs.add(sign(key, b));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("User-Agent", "axios/1.7.2")
                    .header("rtk-signature", sigs.get(i)).header("rtk-uuid", UUID.randomUUID().toString())
                    .header("rtk-webhook-id", "bench")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IllegalStateException("webhook answered " + res.statusCode() + ": " + res.body());
            }
        }
        Map<String, Double> done = new HashMap<>();
        List<String> failures = new ArrayList<>();
        while (done.size() + failures.size() < count) {
            if ((System.nanoTime() - t0) / 1_000_000 > timeoutMs) {
                throw new IllegalStateException("timed out: " + done.size() + " of " + count + " archived");
            }
            for (String[] rec : recs) {
                if (done.containsKey(rec[0]) || failures.contains(rec[0])) {
                    continue;
                }
                String manifestKey = "recordings/" + rec[1] + "/" + rec[0] + "/manifest.json";
                try {
                    ResponseBytes<GetObjectResponse> m = s3.getObjectAsBytes(b -> b.bucket(bucket).key(manifestKey));
                    double secs = (System.nanoTime() - t0) / 1e9;
                    JsonNode file = JSON.readTree(m.asByteArray()).path("files").path("recording");
                    if (file.path("size").asLong() != size || !sha.equalsIgnoreCase(file.path("sha256").asText())) {
                        failures.add(rec[0]);
                        System.err.println("manifest mismatch for " + rec[0] + ": " + file);
                    } else {
                        done.put(rec[0], secs);
                    }
                } catch (NoSuchKeyException e) {
                    // not yet
                }
            }
            Thread.sleep(50);
        }
        double max = done.values().stream().mapToDouble(Double::doubleValue).max().orElse(-1);
        System.out.println(JSON.createObjectNode().put("count", count).put("verified", done.size())
                .put("failed", failures.size()).put("seconds", max).toString());
        if (!failures.isEmpty()) {
            System.exit(2);
        }
    }

    private static void bodies(Path dir, int count, Path out) throws Exception {
        PrivateKey key = privateKey(dir);
        String[] lines = new String[count];
        IntStream.range(0, count).parallel().forEach(i -> {
            try {
                String rid = UUID.randomUUID().toString();
                byte[] b = body(rid, UUID.randomUUID().toString(), "RECORDING", null, 0)
                        .getBytes(StandardCharsets.UTF_8);
                lines[i] = sign(key, b) + "\t" + UUID.randomUUID() + "\t" + new String(b, StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
    }
}
