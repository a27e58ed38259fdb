package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, the rule as a property, over real HTTP against the running routes: for generated
 * payloads (valid and odd values in every field, extra and missing fields, other event types,
 * duplicate keys, non-JSON), signed with the configured key, the answer is 2xx or 5xx, never 4xx,
 * and a 2xx means the delivery is stored: in the inbox (accepted, or a duplicate of a stored one),
 * kept as held with a reason, or, for an event type the archiver does not act on, acknowledged
 * (by design those are not stored). The same bodies unsigned or signed with another key are
 * answered 401 and store nothing.
 *
 * <p>Seeded: {@code -Dproperty.seed=N} replays a run; the seed is in every failure message.
 */
class IntakePropertyTest extends ArchiverTestBase {

    private static final int CASES = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] EVENT_TYPES = {"recording.statusUpdate", "recording.statusUpdate",
        "recording.statusUpdate", "meeting.started", "meeting.ended", "meeting.transcript", "livestreaming.statusUpdate",
        "something.new"};
    private static final String[] STATUSES = {"INVOKED", "RECORDING", "PAUSED", "UPLOADING", "UPLOADED", "ERRORED",
        "uploaded", " Recording ", "TRANSCODING_LATER"};

    @Test
    void aSignedDeliveryIsNeverAnswered4xxAndIsStoredAnUnsignedOneIs401AndStoresNothing() throws Exception {
        long seed = Long.getLong("property.seed", 20261201L);
        Random random = new Random(seed);
        PrivateKey otherKey = otherKey();
        int unavailable = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] body = payload(random);
            String context = "seed " + seed + ", case " + i + ": " + printable(body);

            // the same body, unsigned and signed with another key: 401, nothing stored
            for (String signature : new String[] {null, sign(otherKey, body)}) {
                String deliveryId = UUID.randomUUID().toString();
                int storedBefore = storedDeliveries() + held();
                HttpResponse<String> refused = send(body, deliveryId, signature);
                assertThat(refused.statusCode()).as(context + " -> " + refused.body()).isEqualTo(401);
                assertThat(storedDeliveries() + held()).as(context).isEqualTo(storedBefore);
            }

            // signed with the configured key: 2xx or 5xx, and stored
            String deliveryId = UUID.randomUUID().toString();
            HttpResponse<String> answer = send(body, deliveryId, env.rtk.sign(body));
            int status = answer.statusCode();
            String outcome = context + " -> " + status + " " + answer.body();
            assertThat(status >= 400 && status < 500).as("4xx for a signed delivery: " + outcome).isFalse();
            if (status >= 500) {
                unavailable++;
                continue;
            }
            assertThat(status).as(outcome).isBetween(200, 299);
            JsonNode reply = JSON.readTree(answer.body());
            switch (reply.path("result").asText()) {
                case "accepted" -> assertThat(count("SELECT COUNT(*) FROM delivery WHERE delivery_id = ?", deliveryId))
                        .as(outcome).isEqualTo(1);
                case "duplicate" -> assertThat(count("SELECT COUNT(*) FROM delivery WHERE recording_id = ? AND status = ?",
                        reply.path("recordingId").asText(), reply.path("status").asText())).as(outcome).isEqualTo(1);
                case "held" -> assertThat(count("SELECT COUNT(*) FROM held_delivery WHERE delivery_id = ?", deliveryId))
                        .as(outcome).isEqualTo(1);
                case "ignored" -> assertThat(reply.path("event").asText()).as(outcome)
                        .isNotEqualTo("recording.statusUpdate");
                default -> throw new AssertionError("unexpected answer: " + outcome);
            }
        }
        System.out.printf("intake property, seed %d: %d cases, %d answered 5xx%n", seed, CASES, unavailable);
    }

    // ---- the generator ----

    private byte[] payload(Random random) {
        int shape = random.nextInt(20);
        if (shape == 0) {
            return random.nextBoolean() ? new byte[0] : randomBytes(random, 1 + random.nextInt(200));
        }
        if (shape == 1) {
            byte[] valid = text(tree(random)).getBytes(StandardCharsets.UTF_8);
            return java.util.Arrays.copyOf(valid, random.nextInt(valid.length)); // truncated
        }
        ObjectNode tree = tree(random);
        for (int mutations = random.nextInt(4); mutations > 0; mutations--) {
            mutate(random, tree);
        }
        String text = text(tree);
        if (random.nextInt(6) == 0) {
            text = duplicateAKey(random, text);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A recording.statusUpdate (or another event) as RealtimeKit documents it, with random ids. */
    private ObjectNode tree(Random random) {
        ObjectNode body = NODES.objectNode();
        body.put("event", pick(random, EVENT_TYPES));
        String recordingId = new UUID(random.nextLong(), random.nextLong()).toString();
        ObjectNode meeting = body.putObject("meeting");
        meeting.put("id", UUID.randomUUID().toString()).put("sessionId", UUID.randomUUID().toString())
                .put("title", "Weekly sync").put("status", "LIVE").put("createdAt", "2026-06-10T10:00:00.000Z");
        meeting.putObject("organizedBy").put("id", UUID.randomUUID().toString()).put("name", "Org");
        ObjectNode recording = body.putObject("recording");
        recording.put("id", recordingId).put("recordingId", recordingId).put("status", pick(random, STATUSES))
                .put("meetingId", meeting.get("id").asText()).put("organizationId", UUID.randomUUID().toString())
                .put("roomUUID", meeting.get("sessionId").asText()).put("outputFileName", "weekly-sync_1.mp4")
                .put("startedTime", "2026-06-10T10:00:00.000Z").put("stoppedTime", "2026-06-10T10:30:00.000Z")
                .put("recordingDuration", 1800).put("fileSize", "2044680")
                .put("downloadUrl", "https://bucket.example/rec/r.mp4?X-Amz-Signature=abc")
                .put("downloadUrlExpiry", Instant.now().plus(Duration.ofDays(7)).toString());
        return body;
    }

    private static void mutate(Random random, ObjectNode body) {
        ObjectNode recording = body.get("recording") instanceof ObjectNode r ? r : body.putObject("recording");
        ObjectNode meeting = body.get("meeting") instanceof ObjectNode m ? m : body.putObject("meeting");
        switch (random.nextInt(12)) {
            case 0 -> recording.set(pick(random, new String[] {"id", "recordingId"}), id(random));
            case 1 -> (random.nextBoolean() ? recording : meeting).set(
                    pick(random, new String[] {"meetingId", "organizationId", "roomUUID"}), id(random));
            case 2 -> meeting.with("organizedBy").set("id", id(random));
            case 3 -> recording.set("fileSize", size(random));
            case 4 -> recording.set(pick(random, new String[] {"downloadUrlExpiry", "startedTime", "stoppedTime"}),
                    time(random));
            case 5 -> recording.set(pick(random, new String[] {"downloadUrl", "audioDownloadUrl"}), link(random));
            case 6 -> recording.set("status", pick(random, new JsonNode[] {NODES.textNode(pick(random, STATUSES)),
                NODES.textNode(""), NODES.numberNode(3), NODES.nullNode()}));
            case 7 -> (random.nextBoolean() ? recording : body).put("extra" + random.nextInt(1000),
                    random.nextBoolean() ? "x" : "{\"nested\": true}");
            case 8 -> recording.remove(pick(random, new String[] {"id", "recordingId", "status", "fileSize",
                "downloadUrl", "downloadUrlExpiry", "meetingId"}));
            case 9 -> body.remove(pick(random, new String[] {"recording", "meeting", "event"}));
            case 10 -> body.set("event", pick(random, new JsonNode[] {NODES.textNode(""), NODES.numberNode(1),
                NODES.objectNode(), NODES.textNode("recording.statusUpdate")}));
            default -> recording.set("stopReason", random.nextBoolean() ? NODES.textNode("{'reason': 'API_CALL'}")
                    : NODES.objectNode().put("reason", "API_CALL"));
        }
    }

    private static JsonNode id(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.textNode(UUID.randomUUID().toString().toUpperCase());
            case 1 -> NODES.textNode(UUID.randomUUID().toString().replace("-", ""));
            case 2 -> NODES.textNode("rec_" + random.nextInt(1000));
            case 3 -> NODES.textNode("");
            case 4 -> NODES.nullNode();
            case 5 -> NODES.numberNode(random.nextInt(100000));
            case 6 -> NODES.objectNode().put("id", "x");
            case 7 -> NODES.textNode("../" + random.nextInt(10) + "/x");
            case 8 -> NODES.textNode("x".repeat(100 + random.nextInt(200)));
            default -> NODES.textNode("r\u00e9c-\u202e" + random.nextInt(10));
        };
    }

    private static JsonNode size(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.numberNode(262144);
            case 1 -> NODES.numberNode(262144.0);
            case 2 -> NODES.textNode("262144.0");
            case 3 -> NODES.numberNode(new java.math.BigDecimal("2.62144E5"));
            case 4 -> NODES.numberNode(1.5);
            case 5 -> NODES.numberNode(-1);
            case 6 -> NODES.textNode("2 MB");
            case 7 -> NODES.booleanNode(true);
            case 8 -> NODES.textNode("99999999999999999999999");
            default -> NODES.nullNode();
        };
    }

    private static JsonNode time(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.textNode("2026-12-01T01:40:23.517601");
            case 1 -> NODES.textNode("2026-12-01T01:40:23.517601+0000");
            case 2 -> NODES.textNode("2026-12-01 01:40:23.517601Z");
            case 3 -> NODES.numberNode(1796089223517L);
            case 4 -> NODES.textNode("1796089223");
            case 5 -> NODES.textNode("next week");
            case 6 -> NODES.numberNode(-5);
            case 7 -> NODES.objectNode();
            case 8 -> NODES.textNode("");
            default -> NODES.textNode("2026-12-01T01:40:23Z");
        };
    }

    private static JsonNode link(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.textNode("https://bucket.example/r.mp4?sig=1");
            case 1 -> NODES.textNode("file:///etc/passwd");
            case 2 -> NODES.textNode("not a url");
            case 3 -> {
                ArrayNode tracks = NODES.arrayNode();
                tracks.addObject().put("layer_name", "track-1").putObject("download_urls")
                        .putObject("a.webm").put("download_url", "https://bucket.example/a.webm?sig=1");
                yield tracks;
            }
            case 4 -> NODES.numberNode(7);
            default -> NODES.nullNode();
        };
    }

    /** Repeats the first occurrence of one of a few keys, with another value in front of it. */
    private static String duplicateAKey(Random random, String text) {
        String key = pick(random, new String[] {"\"createdAt\":", "\"status\":", "\"event\":", "\"id\":", "\"fileSize\":"});
        int at = text.indexOf(key);
        return at < 0 ? text : text.substring(0, at) + key + "\"dup\"," + text.substring(at);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String text(JsonNode node) {
        return node.toString();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String printable(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    // ---- sending and looking ----

    private HttpResponse<String> send(byte[] body, String deliveryId, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(env.webhookUrl())
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("rtk-uuid", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("rtk-signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int held() {
        return count("SELECT COUNT(*) FROM held_delivery");
    }

    private int count(String sql, Object... args) {
        Integer n = db().queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    private static PrivateKey otherKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
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

}
