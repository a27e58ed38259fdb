package io.recordingarchiver.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.IntakeRejection;
import io.recordingarchiver.dispatch.Inbox;
import io.recordingarchiver.archive.ArchiveKeys;

/**
 * The checks of the intake route that are not the signature: the content type, the reading of a
 * verified body, the delivery id, and the small JSON answers RealtimeKit gets back.
 *
 * <p><b>The rule (issue 10).</b> RealtimeKit never retries a delivery answered 4xx, so a delivery
 * whose signature verifies is never refused for its content: {@link #read} never throws, it says
 * either "this is the event" or "keep this one as held, for this reason". Only a missing or wrong
 * signature (401), another content type (415) and an oversized body (413) are refused.
 *
 * <p>{@link #read} is a pure function of the body and the key templates (plus one WARN line for a
 * repeated key), so tests and fuzz targets can call it in-process.
 */
public class IntakeGate {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeGate.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** The reason codes of held deliveries: the label values of {@code archiver_deliveries_total{outcome="held"}}. */
    public static final Set<String> HELD_REASONS = Set.of("empty-body", "not-utf8", "not-json", "no-event",
            "missing-field", "unusable-id", "odd-size", "unreadable-time", "bad-link", "other");

    /**
     * What a verified body is: the event to store, or the reason it must be held (then
     * {@code event} is the parsed event when the body could be parsed at all, else null).
     */
    public record Reading(RecordingEvent event, String reason, String reasonCode) {

        /** True when the delivery must be kept as held instead of going to the inbox. */
        public boolean held() {
            return reason != null;
        }

        /** The event type when the body could be parsed, else null. */
        public String eventType() {
            return event == null ? null : event.eventType();
        }

        /** The recording id when the body could be parsed as a recording.statusUpdate, else null. */
        public String recordingId() {
            return event == null ? null : event.recordingId();
        }
    }

    private final ArchiveKeys keys;

    /** A gate that checks ids against the default key templates. */
    public IntakeGate() {
        this(new ArchiveKeys());
    }

    /** A gate that checks ids against the configured key templates. */
    public IntakeGate(ArchiveKeys keys) {
        this.keys = keys;
    }

    /**
     * Reads a verified body. Never throws for the body's content: an event of another type is a
     * reading without a reason (acknowledged, not processed); a {@code recording.statusUpdate}
     * whose ids are usable ({@link ArchiveKeys#unusableId}) is one to store; anything else (empty,
     * not UTF-8, not one JSON object, no event field, no recording, no id or status, an odd size,
     * an unreadable expiry, a link that is not http(s), an id unusable in a key) is held with a
     * one-sentence reason that never quotes the body, and a code from {@link #HELD_REASONS}.
     * A repeated key takes its last value and logs a WARN.
     */
    public Reading read(byte[] body) {
        if (body == null || body.length == 0) {
            return new Reading(null, "the body is empty", "empty-body");
        }
        RecordingEvent event;
        try {
            event = RecordingEvent.parse(body);
        } catch (IntakeRejection e) {
            return new Reading(null, e.getReason(), reasonCode(e.getReason()));
        }
        if (event.duplicateKey() != null) {
            LOG.warn("A signed {} delivery{} repeats the key {}; the last value was taken", event.eventType(),
                    event.recordingId() == null ? "" : " of recording " + event.recordingId(), event.duplicateKey());
        }
        if (event.isRecordingStatusUpdate()) {
            String unusable = keys.unusableId(event);
            if (unusable != null) {
                return new Reading(event, unusable, "unusable-id");
            }
        }
        return new Reading(event, null, null);
    }

    /** The code of a reason sentence of {@link RecordingEvent#parse} (one of {@link #HELD_REASONS}). */
    static String reasonCode(String reason) {
        String r = reason == null ? "" : reason;
        if (r.contains("UTF-8")) {
            return "not-utf8";
        }
        if (r.contains("JSON object") || r.contains("content after") || r.contains("nested deeper")) {
            return "not-json";
        }
        if (r.contains("no event field")) {
            return "no-event";
        }
        if (r.contains("no recording object") || r.contains("has no id") || r.contains("status is missing")) {
            return "missing-field";
        }
        if (r.contains("fileSize")) {
            return "odd-size";
        }
        if (r.contains("not a timestamp")) {
            return "unreadable-time";
        }
        if (r.contains("URL")) {
            return "bad-link";
        }
        return "other";
    }

    /** 415 unless the delivery says it is JSON ({@code application/json}, any charset parameter). */
    public void requireJson(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            throw new IntakeRejection(415, "the content type must be application/json");
        }
    }


    /**
     * The delivery's id: the {@code rtk-uuid} (or {@code dyte-uuid}) header when it is present and
     * well formed, else one derived from the body's SHA-256, so the same body sent again is still
     * recognised.
     */
    public String deliveryId(Map<String, Object> headers, byte[] body) {
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("rtk-uuid") || name.equals("dyte-uuid")) {
                Object value = header.getValue() instanceof List<?> list && !list.isEmpty() ? list.get(0)
                        : header.getValue();
                String id = value == null ? "" : value.toString().trim();
                if (DELIVERY_ID.matcher(id).matches()) {
                    return id;
                }
            }
        }
        return "sha256:" + sha256(body);
    }

    /** The answer to a stored delivery. */
    public String stored(Inbox.Outcome outcome, RecordingEvent event) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("result", outcome.name().toLowerCase(Locale.ROOT));
        reply.put("recordingId", event.recordingId());
        reply.put("status", event.status());
        return reply.toString();
    }

    /** The answer to a signed delivery kept as held (or already held): 200, so RealtimeKit does not resend it. */
    public String held(String outcome, Reading reading) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("result", outcome);
        reply.put("reason", reading.reason());
        return reply.toString();
    }

    /** The answer to an event of another type, acknowledged and not processed. */
    public String ignored(RecordingEvent event) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("result", "ignored");
        reply.put("event", event.eventType());
        return reply.toString();
    }

    /** The answer to a refused delivery: one sentence saying what was wrong. */
    public String rejected(String reason) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("error", reason);
        return reply.toString();
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
