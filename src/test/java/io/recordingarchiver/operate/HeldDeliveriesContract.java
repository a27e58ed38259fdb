package io.recordingarchiver.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.recordingarchiver.Payloads;
import io.recordingarchiver.StoreContract;
import io.recordingarchiver.dispatch.Inbox;
import io.recordingarchiver.archive.ArchiveKeys;
import io.recordingarchiver.intake.IntakeGate;

/** Held deliveries on a real database: kept with their bytes and reason, listed, and replayed once the cause is fixed. */
abstract class HeldDeliveriesContract extends StoreContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A template that places the meeting id in the key, and one that does not (the "fix"). */
    private static final ArchiveKeys MEETING_IN_KEY = new ArchiveKeys();
    private static final ArchiveKeys NO_MEETING_IN_KEY = new ArchiveKeys("recordings/{recordingId}/{outputFileName}", null);

    private Inbox inbox;

    @BeforeEach
    void emptyHeld() {
        jdbc.update("DELETE FROM held_delivery");
        inbox = new Inbox(dataSource, Duration.ofMinutes(10), Duration.ofMinutes(1), 2);
    }

    private static byte[] meetingIdAPath() {
        ObjectNode tree = Payloads.uploadedTree();
        Payloads.recording(tree).put("meetingId", "m/../x");
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheExactBytesAndTheReasonAndAbsorbsTheSameDeliveryAgain() throws Exception {
        IntakeGate gate = new IntakeGate(MEETING_IN_KEY);
        HeldDeliveries held = new HeldDeliveries(dataSource, gate, inbox);
        byte[] body = {'{', (byte) 0xC3, (byte) 0x28, '}'};

        IntakeGate.Reading reading = gate.read(body);
        assertThat(reading.held()).isTrue();
        assertThat(held.hold("d-1", body, reading)).isEqualTo("held");
        assertThat(held.hold("d-1", body, reading)).isEqualTo("duplicate");

        assertThat(held.heldCount()).isEqualTo(1);
        JsonNode page = JSON.readTree(held.list(null, null).body());
        assertThat(page.path("held").asInt()).isEqualTo(1);
        JsonNode item = page.path("items").get(0);
        assertThat(item.path("deliveryId").asText()).isEqualTo("d-1");
        assertThat(item.path("reason").asText()).isEqualTo("the body is not UTF-8 text");
        assertThat(item.path("reasonCode").asText()).isEqualTo("not-utf8");
        assertThat(item.path("bytes").asInt()).isEqualTo(4);
        assertThat(item.has("body")).isFalse();
        assertThat(jdbc.queryForObject("SELECT body FROM held_delivery", String.class))
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(body));
    }

    @Test
    void aReplayWithTheSameCauseKeepsItHeldAndOnceFixedStoresItInTheInbox() throws Exception {
        byte[] body = meetingIdAPath();
        IntakeGate before = new IntakeGate(MEETING_IN_KEY);
        IntakeGate.Reading reading = before.read(body);
        assertThat(reading.reasonCode()).isEqualTo("unusable-id");
        new HeldDeliveries(dataSource, before, inbox).hold("d-2", body, reading);

        JsonNode still = JSON.readTree(new HeldDeliveries(dataSource, before, inbox).replay("d-2").body());
        assertThat(still.path("result").asText()).isEqualTo("held");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery", Integer.class)).isZero();

        HeldDeliveries fixed = new HeldDeliveries(dataSource, new IntakeGate(NO_MEETING_IN_KEY), inbox);
        var answer = fixed.replayAll();
        assertThat(answer.status()).isEqualTo(202);
        assertThat(JSON.readTree(answer.body()).path("replayed").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE delivery_id = 'd-2'", Integer.class))
                .isEqualTo(1);
        assertThat(fixed.heldCount()).isZero();
        assertThat(jdbc.queryForObject("SELECT outcome FROM held_delivery", String.class)).isEqualTo("accepted");
        assertThat(fixed.replay("d-2").status()).isEqualTo(409);
        assertThat(fixed.replay("nope").status()).isEqualTo(404);
        assertThat(JSON.readTree(fixed.list("replayed", "10").body()).path("items")).hasSize(1);
        assertThat(fixed.list("bogus", null).status()).isEqualTo(400);
        assertThat(fixed.list(null, "0").status()).isEqualTo(400);
    }
}
