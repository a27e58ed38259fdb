package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The intake under hostile input, over real HTTP: every forged delivery gets the right 4xx and
 * stores nothing; every malformed but correctly signed one is answered 200 and kept as held with
 * its reason (issue 10: RealtimeKit never retries a 4xx); a fuzzer sends thousands of random
 * bodies and headers and the intake never answers 5xx and never stores a delivery whose signature
 * is not valid.
 */
class HostileIntakeTest extends ArchiverTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String RECORDING_ID = "6f1f3c1e-8a4b-4c55-9b7e-0d3a5c1e2f11";
    /** Placeholders for signatures made at send time with the stand-in's key (it exists only then). */
    private static final String SIGNATURE = "%SIG%";
    private static final String SIGNATURE_HALF = "%SIG-HALF%";
    private static final String SIGNATURE_OF = "%SIG-OF%";

    /** One request: body bytes, the signature headers (name, value pairs) and the content type (null: none). */
    record Delivery(byte[] body, List<String> signatureHeaders, String contentType) {
    }

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.webhook.max-body-bytes", "65536");
    }

    static Stream<Arguments> refusedDeliveries() {
        return Stream.of(
                Arguments.of("signed with another key", 401, signedWith(otherKey(), valid())),
                Arguments.of("signature truncated", 401, new Delivery(valid(), List.of("rtk-signature", SIGNATURE_HALF),
                        "application/json")),
                Arguments.of("signature of the re-serialised body", 401, reserialised()),
                Arguments.of("signature of another body", 401, sigOf(body("{\"event\":\"meeting.started\"}"), valid())),
                Arguments.of("no signature header", 401, new Delivery(valid(), List.of(), "application/json")),
                Arguments.of("empty signature", 401, new Delivery(valid(), List.of("rtk-signature", ""), "application/json")),
                Arguments.of("signature not base64", 401, new Delivery(valid(), List.of("rtk-signature", "@@@"), "application/json")),
                Arguments.of("two rtk-signature headers, both of another body", 401, new Delivery(valid(),
                        List.of("rtk-signature", SIGNATURE_OF + b64(text()), "rtk-signature", SIGNATURE_OF + b64("{}")),
                        "application/json")),
                Arguments.of("text/plain", 415, signed(valid(), "text/plain")),
                Arguments.of("form", 415, signed(valid(), "application/x-www-form-urlencoded")),
                Arguments.of("multipart", 415, signed(valid(), "multipart/form-data; boundary=x")),
                Arguments.of("no content type", 415, signed(valid(), null)),
                Arguments.of("no content type", 415, signed(valid(), null)));
    }

    /** Correctly signed bodies main answered 400: now 200, kept as held with this reason code. */
    static Stream<Arguments> signedUnprocessable() {
        return Stream.of(
                Arguments.of("empty body", "empty-body", signed(new byte[0], "application/json")),
                Arguments.of("array", "not-json", signed(body("[{\"event\":\"recording.statusUpdate\"}]"), "application/json")),
                Arguments.of("string", "not-json", signed(body("\"recording.statusUpdate\""), "application/json")),
                Arguments.of("null", "not-json", signed(body("null"), "application/json")),
                Arguments.of("truncated object", "not-json", signed(body(new String(valid(), StandardCharsets.UTF_8)
                        .substring(0, 40)), "application/json")),
                Arguments.of("two objects", "not-json", signed(body(text() + text()), "application/json")),
                Arguments.of("trailing garbage", "not-json", signed(body(text() + " x"), "application/json")),
                Arguments.of("nested 40 deep", "not-json", signed(body("{\"event\":\"x\",\"a\":" + "[".repeat(40)
                        + "]".repeat(40) + "}"), "application/json")),
                Arguments.of("duplicate key, the last a status update without recording", "missing-field",
                        signed(body("{\"event\":\"x\",\"event\":\"recording.statusUpdate\"}"), "application/json")),
                Arguments.of("not UTF-8", "not-utf8", signed(new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
                        '"', '}'}, "application/json")),
                Arguments.of("no event", "no-event", signed(body("{\"recording\":{}}"), "application/json")),
                Arguments.of("recording id a path", "unusable-id", signed(with("id", "../../other"), "application/json")),
                Arguments.of("recording id with a control character", "unusable-id",
                        signed(with("id", RECORDING_ID.replace("-4c55", "\u0000-4c55")),
                                "application/json")),
                Arguments.of("meeting id a path", "unusable-id", signed(with("meetingId", "m/../x"), "application/json")),
                Arguments.of("download link not http", "bad-link", signed(with("downloadUrl", "file:///etc/passwd"),
                        "application/json")),
                Arguments.of("fileSize a fraction", "odd-size", signed(with("fileSize", "1.5"), "application/json")),
                Arguments.of("expiry unreadable", "unreadable-time", signed(with("downloadUrlExpiry", "next week"),
                        "application/json")));
    }

    @ParameterizedTest(name = "{0} -> held {1}")
    @MethodSource("signedUnprocessable")
    void signedButUnprocessableDeliveryIsAnswered200AndHeldWithItsReason(String what, String code, Delivery delivery)
            throws Exception {
        int before = storedDeliveries();
        int heldBefore = heldDeliveries();

        HttpResponse<String> answer = send(delivery);

        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("result").asText()).as(what).isEqualTo("held");
        assertThat(JSON.readTree(answer.body()).path("reason").asText()).as(what).isNotBlank();
        assertThat(storedDeliveries()).as(what).isEqualTo(before);
        assertThat(heldDeliveries()).as(what).isEqualTo(heldBefore + 1);
        assertThat(db().queryForObject("SELECT reason_code FROM held_delivery ORDER BY received_at DESC FETCH FIRST 1 ROWS ONLY",
                String.class)).as(what).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusedDeliveries")
    void forgedOrMalformedDeliveryIsRefusedAndNothingStored(String what, int status, Delivery delivery)
            throws Exception {
        int before = storedDeliveries();

        HttpResponse<String> answer = send(delivery);

        assertThat(answer.statusCode()).as(what).isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).path("error").isTextual()).as(what + ": " + answer.body()).isTrue();
        assertThat(answer.headers().map().keySet()).noneMatch(h -> h.toLowerCase().contains("signature"));
        assertThat(storedDeliveries()).as(what).isEqualTo(before);
    }

    @Test
    void oversizedBodySentSlowlyInChunksIsRefusedWhileReading() throws Exception {
        int before = storedDeliveries();
        byte[] chunk = new byte[8192];
        java.util.Arrays.fill(chunk, (byte) ' ');
        InputStream slow = new InputStream() {
            private int chunks;
            private int position = chunk.length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position == chunk.length) {
                    if (chunks++ == 64) {
                        return -1; // 512 KiB in all, far past the 64 KiB limit
                    }
                    sleep(20);
                    position = 0;
                }
                int n = Math.min(len, chunk.length - position);
                System.arraycopy(chunk, position, b, off, n);
                position += n;
                return n;
            }
        };
        HttpRequest request = HttpRequest.newBuilder(env.webhookUrl())
                .header("Content-Type", "application/json")
                .header("rtk-signature", env.rtk.sign(valid()))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> slow))
                .build();

        int status;
        try {
            status = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            status = -1; // the server may close the connection while the client is still sending
        }

        assertThat(status).isIn(413, -1);
        assertThat(storedDeliveries()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../etc/passwd", "..\\..\\boot.ini", "a/../../b.mp4", "evil\u0000name\r\n.mp4",
        "\u202Egnp.mp4", "....//....//x.mp4", "/absolute/key.mp4"})
    void hostileFileNamesAreReducedToOneSafeSegmentUnderTheRecordingsPrefix(String name) throws Exception {
        RecordingFile video = env.rtk.addFile("name-" + Integer.toHexString(name.hashCode()) + ".mp4", 1000,
                name.hashCode());
        StandInRecording recording = env.rtk.recording(video).outputFileName(name);

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED"));

        assertThat(answer.statusCode()).isEqualTo(200);
        String key = (String) awaitState(recording.id(), "ARCHIVED").get("object_key");
        String prefix = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        assertThat(key).startsWith(prefix);
        String segment = key.substring(prefix.length());
        assertThat(segment).isNotEmpty().doesNotContain("/", "\\", "..").doesNotStartWith(".");
        assertThat(segment.chars()).noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }

    /**
     * Thousands of random requests: random bytes, mutations of a valid body, random content types
     * and signature headers. Unsigned (or wrongly signed) ones must all be refused with a 4xx; when
     * a mutated body is signed correctly the answer is 200 (or 415 for another content type), never
     * 4xx for its content nor 5xx; and exactly the correctly signed, accepted ones are stored, the
     * held ones kept as held.
     */
    @Test
    void fuzzedDeliveriesNeverCauseA5xxAndOnlyValidSignaturesAreStored() throws Exception {
        int heldBefore = heldDeliveries();
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        String[] contentTypes = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
            "text/plain", "", "application/x-www-form-urlencoded", "application/jsonx", null};
        int before = storedDeliveries();
        int accepted = 0;
        int held = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] body = fuzzedBody(random);
            String contentType = contentTypes[random.nextInt(contentTypes.length)];
            boolean validlySigned = random.nextInt(4) == 0;
            List<String> signature = new ArrayList<>();
            if (validlySigned) {
                signature.addAll(List.of(random.nextBoolean() ? "rtk-signature" : "DYTE-Signature", env.rtk.sign(body)));
            } else {
                switch (random.nextInt(5)) {
                    case 0 -> { }
                    case 1 -> signature.addAll(List.of("rtk-signature", randomBase64(random)));
                    case 2 -> signature.addAll(List.of("rtk-signature", env.rtk.sign(fuzzedBody(random))));
                    case 3 -> signature.addAll(List.of("rtk-signature", new String(randomBytes(random, 40),
                            StandardCharsets.ISO_8859_1).replaceAll("[\\r\\n\\x00-\\x1f\\x7f-\\xff]", "")));
                    default -> signature.addAll(List.of("rtk-signature", env.rtk.sign(fuzzedBody(random)),
                            "dyte-signature", env.rtk.sign(fuzzedBody(random))));
                }
            }
            HttpResponse<String> answer = send(new Delivery(body, signature, contentType));
            int status = answer.statusCode();
            String context = "seed " + seed + ", request " + i + " (content type " + contentType + ", signed " + validlySigned
                    + ", " + body.length + " bytes): " + status + " " + answer.body();
            assertThat(status).as(context).isLessThan(500);
            if (!validlySigned) {
                assertThat(status).as(context).isBetween(400, 499);
            } else if (status == 200 && answer.body().contains("\"accepted\"")) {
                accepted++;
            } else if (status == 200 && answer.body().contains("\"held\"")) {
                held++;
            } else {
                assertThat(status).as(context).isIn(200, 415);
            }
        }
        assertThat(storedDeliveries() - before).as("seed " + seed).isEqualTo(accepted);
        assertThat(heldDeliveries() - heldBefore).as("seed " + seed).isEqualTo(held);
    }

    private byte[] fuzzedBody(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return randomBytes(random, random.nextInt(300));
            case 1: {
                byte[] body = validBody(random);
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
                return body;
            }
            case 2: {
                byte[] body = validBody(random);
                return java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
            }
            default:
                return validBody(random);
        }
    }

    /** A valid status update for a random recording, possibly with an odd status or unknown fields. */
    private static byte[] validBody(Random random) {
        ObjectNode body = (ObjectNode) tree();
        ObjectNode recording = (ObjectNode) body.get("recording");
        recording.put("id", new UUID(random.nextLong(), random.nextLong()).toString());
        String[] statuses = {"RECORDING", "UPLOADING", "PAUSED", "SOMETHING_NEW", "", "uploading"};
        recording.put("status", statuses[random.nextInt(statuses.length)]);
        if (random.nextBoolean()) {
            recording.put("fuzz" + random.nextInt(100), random.nextInt());
        }
        return body(body.toString());
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String randomBase64(Random random) {
        return Base64.getEncoder().encodeToString(randomBytes(random, random.nextInt(300)));
    }

    private HttpResponse<String> send(Delivery delivery) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(env.webhookUrl())
                .timeout(Duration.ofSeconds(10))
                .header("rtk-uuid", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        if (delivery.contentType() != null) {
            request.header("Content-Type", delivery.contentType());
        }
        List<String> headers = delivery.signatureHeaders();
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), signatureValue(headers.get(i + 1), delivery.body()));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The header value with its placeholder, if any, replaced by a signature made with the stand-in's key. */
    private String signatureValue(String value, byte[] body) {
        if (value.equals(SIGNATURE)) {
            return env.rtk.sign(body);
        }
        if (value.equals(SIGNATURE_HALF)) {
            String full = env.rtk.sign(body);
            return full.substring(0, full.length() / 2);
        }
        if (value.startsWith(SIGNATURE_OF)) {
            return env.rtk.sign(Base64.getDecoder().decode(value.substring(SIGNATURE_OF.length())));
        }
        return value;
    }

    // ---- building deliveries (static: the table is built before the archiver starts) ----

    private static String text() {
        return tree().toString();
    }

    private static byte[] valid() {
        return body(text());
    }

    private static com.fasterxml.jackson.databind.JsonNode tree() {
        try {
            return JSON.readTree("{\"event\":\"recording.statusUpdate\",\"meeting\":{\"id\":\"" + UUID.randomUUID()
                    + "\"},\"recording\":{\"id\":\"" + RECORDING_ID + "\",\"status\":\"RECORDING\"}}");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] with(String field, String value) {
        ObjectNode body = (ObjectNode) tree();
        ((ObjectNode) body.get("recording")).put(field, value);
        return body(body.toString());
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(body(text));
    }

    private int heldDeliveries() {
        return db().queryForObject("SELECT COUNT(*) FROM held_delivery", Integer.class);
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Signed with the stand-in's key at send time. */
    private static Delivery signed(byte[] body, String contentType) {
        return new Delivery(body, List.of("rtk-signature", SIGNATURE), contentType);
    }

    private static Delivery signedWith(PrivateKey key, byte[] body) {
        return new Delivery(body, List.of("rtk-signature", sign(key, body)), "application/json");
    }

    /** Sends {@code body} with the stand-in's signature of {@code signedBody}, resolved at send time. */
    private static Delivery sigOf(byte[] signedBody, byte[] body) {
        return new SignedOther(signedBody, body).delivery();
    }

    /** The signature covers the compact JSON; the pretty-printed, equal tree is sent. */
    private static Delivery reserialised() {
        try {
            byte[] compact = valid();
            byte[] pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.readTree(compact));
            return new SignedOther(compact, pretty).delivery();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey otherKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(PrivateKey key, byte[] body) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(body);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A delivery whose signature header is the stand-in's signature over a different body. */
    private record SignedOther(byte[] signedBody, byte[] sentBody) {
        Delivery delivery() {
            return new Delivery(sentBody, List.of("rtk-signature", SIGNATURE_OF + Base64.getEncoder()
                    .encodeToString(signedBody)), "application/json");
        }
    }
}
