package io.recordingarchiver.operate;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.dispatch.Inbox;
import io.recordingarchiver.intake.IntakeGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Authentic deliveries the archiver could not process as sent (issue 10): a body whose signature
 * verified but that is not one JSON object, lacks a field, carries an odd size, an unreadable
 * expiry or an id unusable in an object key. RealtimeKit never resends a delivery answered 4xx,
 * so such a delivery is answered 200 and kept here (table {@code held_delivery}) with its exact
 * bytes and the reason; never dropped.
 *
 * <p>Shown by {@code GET /held} (status API and page), counted in
 * {@code archiver_deliveries_total{outcome="held",reason=<code>}} and the gauge
 * {@code archiver_deliveries_held}, and replayed by {@code POST /admin/held/replay} (all) or
 * {@code POST /admin/held/{deliveryId}/replay} once the cause is fixed (a new archiver version that
 * reads it, or another key template): a replay reads the stored bytes again with the same
 * {@link IntakeGate#read} and, when they now make an event, stores it in the inbox under the same
 * delivery id. Bodies are never shown: they may hold presigned links.
 */
public class HeldDeliveries {

    /** Rows one {@code GET /held} answers at most. */
    static final int MAX_LIST = 500;

    private static final Logger LOG = LoggerFactory.getLogger(HeldDeliveries.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final IntakeGate gate;
    private final Inbox inbox;
    private final Clock clock;

    public HeldDeliveries(DataSource dataSource, IntakeGate gate, Inbox inbox) {
        this(dataSource, gate, inbox, Clock.systemUTC());
    }

    HeldDeliveries(DataSource dataSource, IntakeGate gate, Inbox inbox, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.gate = gate;
        this.inbox = inbox;
        this.clock = clock;
    }

    /**
     * Keeps a verified delivery that {@link IntakeGate#read} could not turn into an event.
     *
     * @return {@code held}, or {@code duplicate} when this delivery id is held already
     * @throws org.springframework.dao.DataAccessException when the store is unavailable (the
     *     intake answers 503, so RealtimeKit sends it again)
     */
    public String hold(String deliveryId, byte[] body, IntakeGate.Reading reading) {
        try {
            jdbc.update("INSERT INTO held_delivery (delivery_id, received_at, reason, reason_code, event_type,"
                    + " recording_id, body, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'HELD')",
                    deliveryId, clock.millis(), cut(reading.reason(), 300), reading.reasonCode(),
                    cut(reading.eventType(), 100), cut(reading.recordingId(), 128),
                    Base64.getEncoder().encodeToString(body == null ? new byte[0] : body));
            return "held";
        } catch (DuplicateKeyException e) {
            return "duplicate";
        }
    }

    /** Deliveries held now (state HELD). */
    public int heldCount() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM held_delivery WHERE state = 'HELD'", Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * {@code GET /held?state=&limit=}: held deliveries, newest first, without their bodies.
     *
     * @param state HELD (default), REPLAYED or ALL, any case
     * @param limit 1 to {@value #MAX_LIST}; blank for 100
     */
    public StatusApi.Answer list(String state, String limit) {
        String filter = state == null || state.isBlank() ? "HELD" : state.trim().toUpperCase(Locale.ROOT);
        if (!List.of("HELD", "REPLAYED", "ALL").contains(filter)) {
            return error(400, "state must be one of HELD, REPLAYED, ALL");
        }
        int rows;
        try {
            rows = limit == null || limit.isBlank() ? 100 : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            rows = -1;
        }
        if (rows < 1 || rows > MAX_LIST) {
            return error(400, "limit must be a whole number from 1 to " + MAX_LIST);
        }
        List<Map<String, Object>> found = jdbc.queryForList("SELECT delivery_id, received_at, reason, reason_code,"
                + " event_type, recording_id, body, state, replayed_at, outcome FROM held_delivery"
                + (filter.equals("ALL") ? " WHERE 1 = 1" : " WHERE state = '" + filter + "'")
                + " ORDER BY received_at DESC, delivery_id FETCH FIRST " + rows + " ROWS ONLY");
        ObjectNode page = JSON.createObjectNode();
        page.put("held", heldCount());
        ArrayNode items = page.putArray("items");
        for (Map<String, Object> row : found) {
            ObjectNode item = items.addObject();
            item.put("deliveryId", (String) row.get("delivery_id"));
            item.put("receivedAt", time(row.get("received_at")));
            item.put("reason", (String) row.get("reason"));
            item.put("reasonCode", (String) row.get("reason_code"));
            item.put("eventType", (String) row.get("event_type"));
            item.put("recordingId", (String) row.get("recording_id"));
            item.put("bytes", Base64.getDecoder().decode((String) row.get("body")).length);
            item.put("state", (String) row.get("state"));
            item.put("replayedAt", time(row.get("replayed_at")));
            item.put("outcome", (String) row.get("outcome"));
        }
        return new StatusApi.Answer(200, page.toString());
    }

    /** {@code POST /admin/held/replay}: replays every HELD delivery, oldest first; 202 with what became of each. */
    public StatusApi.Answer replayAll() {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode results = answer.putArray("deliveries");
        int replayed = 0;
        for (String deliveryId : jdbc.queryForList(
                "SELECT delivery_id FROM held_delivery WHERE state = 'HELD' ORDER BY received_at, delivery_id",
                String.class)) {
            ObjectNode result = replayOne(deliveryId);
            if (result != null) {
                results.add(result);
                replayed += "held".equals(result.path("result").asText()) ? 0 : 1;
            }
        }
        answer.put("replayed", replayed);
        answer.put("stillHeld", heldCount());
        return new StatusApi.Answer(202, answer.toString());
    }

    /** {@code POST /admin/held/{deliveryId}/replay}: 202 with the result, 404 for an unknown id, 409 when replayed already. */
    public StatusApi.Answer replay(String deliveryId) {
        List<String> state = deliveryId == null ? List.of() : jdbc.queryForList(
                "SELECT state FROM held_delivery WHERE delivery_id = ?", String.class, deliveryId);
        if (state.isEmpty()) {
            return error(404, "no held delivery with this id");
        }
        if (!"HELD".equals(state.get(0))) {
            return error(409, "this delivery was replayed already");
        }
        ObjectNode result = replayOne(deliveryId);
        return result == null ? error(409, "this delivery was replayed meanwhile") : new StatusApi.Answer(202, result.toString());
    }

    /**
     * Reads a held delivery's bytes again: stored in the inbox (result accepted or duplicate),
     * acknowledged (ignored, another event type), or still held with its current reason. Null when
     * it is not HELD any more.
     */
    private ObjectNode replayOne(String deliveryId) {
        List<String> bodies = jdbc.queryForList("SELECT body FROM held_delivery WHERE delivery_id = ? AND state = 'HELD'",
                String.class, deliveryId);
        if (bodies.isEmpty()) {
            return null;
        }
        IntakeGate.Reading reading = gate.read(Base64.getDecoder().decode(bodies.get(0)));
        ObjectNode result = JSON.createObjectNode();
        result.put("deliveryId", deliveryId);
        if (reading.held()) {
            jdbc.update("UPDATE held_delivery SET reason = ?, reason_code = ? WHERE delivery_id = ?",
                    cut(reading.reason(), 300), reading.reasonCode(), deliveryId);
            result.put("result", "held");
            result.put("reason", reading.reason());
            return result;
        }
        String outcome = reading.event().isRecordingStatusUpdate()
                ? inbox.accept(deliveryId, reading.event()).name().toLowerCase(Locale.ROOT) : "ignored";
        jdbc.update("UPDATE held_delivery SET state = 'REPLAYED', replayed_at = ?, outcome = ?, recording_id = ?"
                + " WHERE delivery_id = ?", clock.millis(), outcome, cut(reading.recordingId(), 128), deliveryId);
        LOG.info("Replayed held delivery {}{}: {}", deliveryId,
                reading.recordingId() == null ? "" : " of recording " + reading.recordingId(), outcome);
        result.put("result", outcome);
        result.put("recordingId", reading.recordingId());
        return result;
    }

    private static StatusApi.Answer error(int status, String message) {
        ObjectNode json = JSON.createObjectNode();
        json.put("error", message);
        return new StatusApi.Answer(status, json.toString());
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static String time(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue()).toString();
    }
}
