package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, one test per row of its table: genuine, correctly signed RealtimeKit deliveries that
 * main (5e27e4c) answered 400 or 401, and so lost for good (RealtimeKit never retries a 4xx). Each
 * must now be answered 200, stored, and (UPLOADED) archived; or, where the archiver really cannot
 * use it, kept as held with a reason visible in {@code GET /held}, counted and replayable.
 * (The start-up row is {@code StartStopWindowIT}.)
 */
class AuthenticDeliveriesTest extends ArchiverTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String HEX32 = "0123456789abcdef0123456789abcdef";
    private static final String ADMIN_TOKEN = "authentic-deliveries-admin-token";
    private static final LogCapture LOG = LogCapture.attach();

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.admin.token", ADMIN_TOKEN);
    }

    private StandInRecording newRecording(long size) {
        RecordingFile video = env.rtk.addFile("authentic-" + UUID.randomUUID() + ".mp4", size, size);
        return env.rtk.recording(video);
    }

    private ObjectNode uploaded(StandInRecording recording) throws Exception {
        return (ObjectNode) JSON.readTree(env.rtk.statusUpdate(recording, "UPLOADED"));
    }

    private void assertArchived(StandInRecording recording, HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"result\":\"accepted\"");
        var row = awaitState(recording.id(), "ARCHIVED");
        assertThat(row.get("size_bytes")).isEqualTo(recording.video().size());
        assertThat(head((String) row.get("object_key"))).isNotNull();
    }

    @Test
    void organizationIdOf32HexIsArchived() throws Exception {
        StandInRecording recording = newRecording(1000);
        ObjectNode body = uploaded(recording);
        ((ObjectNode) body.get("recording")).put("organizationId", HEX32);

        assertArchived(recording, env.rtk.deliver(env.webhookUrl(), body.toString()));
    }

    @Test
    void aFallbackIdThatIsNoUuidIsNeverRead() throws Exception {
        StandInRecording recording = newRecording(1001);
        ObjectNode body = uploaded(recording);
        ((ObjectNode) body.get("meeting").get("organizedBy")).put("id", HEX32);

        assertArchived(recording, env.rtk.deliver(env.webhookUrl(), body.toString()));
    }

    @ParameterizedTest(name = "fileSize {0}")
    @ValueSource(strings = {"262144.0", "\"262144.0\"", "2.62144E5"})
    void aWholeNumberWrittenAsAFloatIsTheSize(String fileSize) throws Exception {
        StandInRecording recording = newRecording(262144);
        String body = replaceValue(env.rtk.statusUpdate(recording, "UPLOADED"), "fileSize", fileSize);

        assertArchived(recording, env.rtk.deliver(env.webhookUrl(), body));
    }

    @ParameterizedTest(name = "expiry {0}")
    @ValueSource(strings = {"no zone", "+0000"})
    void anExpiryWithoutAZoneOrWithACompactOffsetIsRead(String style) throws Exception {
        StandInRecording recording = newRecording(1002);
        ObjectNode body = uploaded(recording);
        ObjectNode fields = (ObjectNode) body.get("recording");
        String expiry = fields.get("downloadUrlExpiry").asText(); // e.g. 2026-12-08T01:40:23.517Z
        String withoutZone = expiry.replaceAll("(Z|[+-]\\d{2}:?\\d{2})$", "");
        fields.put("downloadUrlExpiry", style.equals("no zone") ? withoutZone : withoutZone + "+0000");

        assertArchived(recording, env.rtk.deliver(env.webhookUrl(), body.toString()));
        assertThat(ledger().find(recording.id()).get("link_expiry")).isNotNull();
    }

    @Test
    void theSameValidSignatureInBothHeadersIsAccepted() throws Exception {
        StandInRecording recording = newRecording(1003);
        byte[] body = env.rtk.statusUpdate(recording, "UPLOADED").getBytes(StandardCharsets.UTF_8);
        String signature = env.rtk.sign(body);

        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(env.webhookUrl())
                .header("Content-Type", "application/json")
                .header("rtk-uuid", UUID.randomUUID().toString())
                .header("rtk-signature", signature)
                .header("dyte-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertArchived(recording, answer);
    }

    @Test
    void aPublishedExampleWithADuplicateKeyIsArchivedWithTheLastValue() throws Exception {
        StandInRecording recording = newRecording(1004);
        String body = env.rtk.statusUpdate(recording, "UPLOADED")
                .replaceFirst("\"createdAt\":", "\"createdAt\":\"2026-01-01T00:00:00.000Z\",\"createdAt\":");

        assertThat(body).containsPattern("\"createdAt\":\"[^\"]+\",\"createdAt\":");
        assertArchived(recording, env.rtk.deliver(env.webhookUrl(), body));
        assertThat(LOG.text()).contains("WARN io.recordingarchiver.intake.IntakeGate - A signed recording.statusUpdate delivery of"
                + " recording " + recording.id() + " repeats the key createdAt; the last value was taken");
    }

    @Test
    void anIdUnusableInAKeyIsHeldVisibleCountedAndReplayable() throws Exception {
        StandInRecording recording = newRecording(1005);
        ObjectNode body = uploaded(recording);
        ((ObjectNode) body.get("recording")).put("meetingId", "m/../x");
        int storedBefore = storedDeliveries();
        String deliveryId = UUID.randomUUID().toString();

        HttpResponse<String> answer = env.rtk.deliver(env.webhookUrl(), body.toString(),
                io.recordingarchiver.testkit.DeliveryOptions.defaults().deliveryUuid(deliveryId));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("result").asText()).isEqualTo("held");
        assertThat(answer.body()).contains("meeting id cannot be part of an object key").doesNotContain("m/../x");
        assertThat(storedDeliveries()).isEqualTo(storedBefore);

        ManagementClient management = new ManagementClient(env.managementPort);
        JsonNode held = ManagementClient.json(management.get("/held", "Bearer " + ADMIN_TOKEN));
        JsonNode item = find(held, deliveryId);
        assertThat(item).as(held.toString()).isNotNull();
        assertThat(item.path("reasonCode").asText()).isEqualTo("unusable-id");
        assertThat(item.path("recordingId").asText()).isEqualTo(recording.id());
        assertThat(item.path("state").asText()).isEqualTo("HELD");
        assertThat(item.toString()).doesNotContain("X-Amz", "downloadUrl", "?");

        String metrics = management.get("/observe/metrics").body();
        assertThat(metrics).containsPattern("archiver_deliveries_total\\{[^}]*outcome=\"held\"[^}]*reason=\"unusable-id\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("archiver_deliveries_held [1-9]");

        // sent again: stored once
        assertThat(env.rtk.deliver(env.webhookUrl(), body.toString(),
                io.recordingarchiver.testkit.DeliveryOptions.defaults().deliveryUuid(deliveryId)).body())
                .contains("\"result\":\"duplicate\"");

        // replayed with the same configuration: still held, with its reason (a new key template would free it)
        HttpResponse<String> replay = new AdminClient(env.managementPort).post("/admin/held/" + deliveryId + "/replay",
                "Bearer " + ADMIN_TOKEN);
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(replay.body()).path("result").asText()).isEqualTo("held");
        assertThat(new AdminClient(env.managementPort).post("/admin/held/no-such-delivery/replay", "Bearer " + ADMIN_TOKEN)
                .statusCode()).isEqualTo(404);
        assertThat(new AdminClient(env.managementPort).post("/admin/held/replay", null).statusCode()).isEqualTo(401);
    }

    private static JsonNode find(JsonNode page, String deliveryId) {
        for (JsonNode item : page.path("items")) {
            if (deliveryId.equals(item.path("deliveryId").asText())) {
                return item;
            }
        }
        return null;
    }

    /** The body with the JSON value of {@code "field"} replaced by {@code json}, as raw text. */
    private static String replaceValue(String body, String field, String json) {
        Matcher value = Pattern.compile("\"" + field + "\":(\"[^\"]*\"|[0-9.eE+-]+)").matcher(body);
        assertThat(value.find()).as(body).isTrue();
        return body.substring(0, value.start()) + "\"" + field + "\":" + json + body.substring(value.end());
    }
}
