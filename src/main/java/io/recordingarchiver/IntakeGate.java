package io.recordingarchiver;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The checks of the intake route that are not the signature: the content type, the delivery id,
 * and the small JSON answers RealtimeKit gets back.
 */
public class IntakeGate {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** 415 unless the delivery says it is JSON ({@code application/json}, any charset parameter). */
    public void requireJson(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            throw new IntakeRejection(415, "the content type must be application/json");
        }
    }

    /** 400 for an empty body: no delivery can succeed without one (and none reaches the parser as null). */
    public void requireBody(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IntakeRejection(400, "the body is empty");
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
