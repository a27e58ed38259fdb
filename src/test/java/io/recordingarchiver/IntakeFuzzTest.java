package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.IntakeRejection;
import io.recordingarchiver.event.FileNames;
import io.recordingarchiver.intake.IntakeGate;
import io.recordingarchiver.intake.WebhookSignature;
import io.recordingarchiver.archive.ArchiveKeys;

/**
 * Coverage-guided fuzzing (Jazzer) of the intake's parsing and checking code, in process: the
 * signature check ({@link WebhookSignature}), the gate ({@link IntakeGate}), the body parsing
 * ({@link RecordingEvent}, {@link StrictJson}, {@link Fields}) and the key templates
 * ({@link ArchiveKeys}, {@link FileNames}).
 *
 * <p>Under plain JUnit ({@code mvn verify}) each {@code @FuzzTest} replays its regression corpus,
 * {@code src/test/resources/io/recordingarchiver/IntakeFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes ({@code fuzz/run.sh}). Properties:
 * <ul>
 * <li>a body with a valid signature is never rejected for its content: it is stored, or held with
 * a reason (issue 10);</li>
 * <li>an unsigned, forged or altered body is never accepted (always 401);</li>
 * <li>nothing but an {@link IntakeRejection} escapes the intake steps (anything else is a 503
 * for a delivery that can never succeed);</li>
 * <li>every object key made from an accepted event is safe: no {@code ..} or {@code .} segment,
 * no leading {@code /}, no backslash, no control character.</li>
 * </ul>
 */
class IntakeFuzzTest {

    private static final KeyPair KEY = SigningKeys.A;
    private static final KeyPair OTHER_KEY = SigningKeys.B;
    private static final WebhookSignature SIGNATURE = new WebhookSignature(SigningKeys.pem(KEY), null,
            Duration.ofMinutes(1), Duration.ofSeconds(2));
    private static final ArchiveKeys KEYS = new ArchiveKeys();
    private static final IntakeGate GATE = new IntakeGate(KEYS);
    private static final ArchiveKeys DATED_KEYS = new ArchiveKeys(
            "archive/{organizationId}/{yyyy}/{MM}/{dd}/{sessionId}-{recordingId}-{outputFileName}", "errors/{meetingId}-{recordingId}.json");
    private static final List<String> STATUSES = List.of("INVOKED", "RECORDING", "UPLOADING", "UPLOADED", "ERRORED",
            "uploaded", "PAUSED", "");

    /** What the intake steps made of one delivery: a reading (an event, or held with a reason) or a refusal. */
    private record Outcome(IntakeGate.Reading reading, IntakeRejection rejection) {
        RecordingEvent event() {
            return reading == null ? null : reading.event();
        }
    }

    /**
     * The checking steps of {@code routes/10-intake.yaml}, in its order, up to the store: content
     * type, signature over the raw bytes, the gate's reading (an event, or held with a reason),
     * delivery id.
     */
    private static Outcome intake(byte[] body, Map<String, Object> headers) {
        try {
            GATE.requireJson("application/json");
            SIGNATURE.verify(body, headers);
            IntakeGate.Reading reading = GATE.read(body);
            assertThat(reading.held() ? reading.reasonCode() : "stored").as("a held delivery names a known reason")
                    .isIn(union(IntakeGate.HELD_REASONS, "stored"));
            assertThat(GATE.deliveryId(headers, body)).matches("[A-Za-z0-9._:-]{1,128}|sha256:[0-9a-f]{64}");
            return new Outcome(reading, null);
        } catch (IntakeRejection rejection) {
            assertThat(rejection.getStatus()).as("a refusal is a 4xx").isBetween(400, 499);
            return new Outcome(null, rejection);
        }
    }

    /** A signed delivery of fuzzed bytes, or of a well-formed payload with fuzzed values. */
    @FuzzTest(maxDuration = "30m", maxExecutions = 100_000)
    void signedDelivery(FuzzedDataProvider data) {
        byte[] body = body(data);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(data.consumeBoolean() ? "rtk-signature" : "dyte-signature", sign(KEY, body));
        headers.put("rtk-uuid", data.consumeString(40));

        Outcome outcome = intake(body, headers);

        if (outcome.rejection() != null) {
            assertThat(outcome.rejection().getStatus()).as("a valid signature is never refused as unsigned: %s",
                    outcome.rejection().getReason()).isNotEqualTo(401);
            fail("a signed body was rejected for its content: " + outcome.rejection().getStatus() + " "
                    + outcome.rejection().getReason());
        }
        if (!outcome.reading().held()) {
            assertKeysSafe(outcome.event());
        }
    }

    /** Unsigned, forged (another key, garbage, in one header or several), or a valid signature over other bytes. */
    @FuzzTest(maxDuration = "30m", maxExecutions = 100_000)
    void forgedOrUnsignedDelivery(FuzzedDataProvider data) {
        int how = data.consumeInt(0, 5);
        byte[] body = body(data);
        Map<String, Object> headers = new LinkedHashMap<>();
        switch (how) {
            case 0 -> { } // unsigned
            case 1 -> headers.put("rtk-signature", sign(OTHER_KEY, body));
            case 2 -> headers.put("rtk-signature", data.consumeString(700));
            // one header sent twice, neither value a signature of these bytes with the configured key
            // (a valid signature repeated is authentic and accepted: issue 10)
            case 3 -> headers.put("rtk-signature", List.of(sign(OTHER_KEY, body), data.consumeString(700)));
            case 4 -> {
                byte[] other = body.clone();
                if (other.length == 0) {
                    other = new byte[] {'{'};
                } else {
                    int at = data.consumeInt(0, other.length - 1);
                    other[at] = (byte) (other[at] ^ (1 + data.consumeInt(0, 254)));
                }
                headers.put("rtk-signature", sign(KEY, other));
            }
            default -> {
                // two signature headers, neither over these bytes with the configured key
                headers.put("rtk-signature", sign(OTHER_KEY, body));
                headers.put("Dyte-Signature", data.consumeString(700));
            }
        }

        Outcome outcome = intake(body, headers);

        assertThat(outcome.rejection()).as("an unsigned or forged delivery is never accepted").isNotNull();
        if (body.length > 0) {
            assertThat(outcome.rejection().getStatus()).isEqualTo(401);
        }
    }

    /** File names and ids from a payload never make an unsafe key, whatever the template. */
    @FuzzTest(maxDuration = "30m", maxExecutions = 100_000)
    void objectKeysAreSafe(FuzzedDataProvider data) {
        String raw = data.consumeString(400);
        String name = FileNames.sanitise(raw);
        assertThat(name).doesNotContain("/", "\\", "..");
        assertThat(name.chars().noneMatch(Character::isISOControl)).as("no control characters in %s", name).isTrue();
        assertThat(name.length()).isLessThanOrEqualTo(FileNames.MAX_LENGTH);

        ObjectNode tree = Payloads.uploadedTree();
        ObjectNode recording = (ObjectNode) tree.path("recording");
        recording.put("outputFileName", raw);
        if (data.consumeBoolean()) {
            recording.put("stoppedTime", data.consumeString(40));
        }
        RecordingEvent event;
        try {
            event = RecordingEvent.parse(tree.toString());
        } catch (IntakeRejection refused) {
            assertThat(refused.getStatus()).isEqualTo(400);
            return;
        }
        assertKeysSafe(event);
    }

    /** Fuzzed bytes, or (more often) a well-formed payload whose values the fuzzer chooses. */
    private static byte[] body(FuzzedDataProvider data) {
        if (data.consumeInt(0, 3) == 0) {
            return data.consumeBytes(4096);
        }
        ObjectNode tree = Payloads.uploadedTree();
        ObjectNode recording = (ObjectNode) tree.path("recording");
        recording.put("status", STATUSES.get(data.consumeInt(0, STATUSES.size() - 1)));
        int fields = data.consumeInt(0, 6);
        for (int i = 0; i < fields; i++) {
            String field = List.of("id", "recordingId", "meetingId", "outputFileName", "fileSize", "stoppedTime",
                    "startedTime", "downloadUrl", "audioDownloadUrl", "downloadUrlExpiry", "recordingDuration",
                    "organizationId", "roomUUID").get(data.consumeInt(0, 12));
            switch (data.consumeInt(0, 3)) {
                case 0 -> recording.remove(field);
                case 1 -> recording.put(field, data.consumeLong());
                case 2 -> recording.putNull(field);
                default -> recording.put(field, data.consumeString(200));
            }
        }
        if (data.consumeBoolean()) {
            tree.put("event", data.consumeString(40));
        }
        byte[] json = tree.toString().getBytes(StandardCharsets.UTF_8);
        byte[] suffix = data.consumeBytes(16);
        if (suffix.length == 0) {
            return json;
        }
        byte[] both = new byte[json.length + suffix.length];
        System.arraycopy(json, 0, both, 0, json.length);
        System.arraycopy(suffix, 0, both, json.length, suffix.length);
        return both;
    }

    /** Every key an accepted event makes is safe, or the event is refused as one that would leave its prefix. */
    private static void assertKeysSafe(RecordingEvent event) {
        for (ArchiveKeys keys : List.of(KEYS, DATED_KEYS)) {
            for (java.util.function.Function<RecordingEvent, String> kind : List.<java.util.function.Function<RecordingEvent, String>>of(
                    keys::recordingKey, keys::audioKey, keys::manifestKey, keys::errorKey)) {
                String key;
                try {
                    key = kind.apply(event);
                } catch (IllegalStateException refused) {
                    // a refusal to render is safe: the recording fails instead of landing elsewhere
                    assertThat(refused.getMessage()).matches("the key would leave its prefix|the .+ cannot be part of an object key");
                    continue;
                }
                assertSafe(key);
            }
        }
    }

    static void assertSafe(String key) {
        assertThat(key).isNotEmpty().doesNotStartWith("/").doesNotContain("\\", "//");
        assertThat(key.chars().noneMatch(Character::isISOControl)).as("no control characters in %s", key).isTrue();
        for (String segment : key.split("/", -1)) {
            assertThat(segment).as("a segment of %s", key).isNotEqualTo("..").isNotEqualTo(".");
        }
    }

    private static java.util.Set<String> union(java.util.Set<String> reasons, String other) {
        java.util.Set<String> all = new java.util.HashSet<>(reasons);
        all.add(other);
        return all;
    }

    private static String sign(KeyPair key, byte[] body) {
        return Base64.getEncoder().encodeToString(SigningKeys.signRaw(key, body));
    }
}
