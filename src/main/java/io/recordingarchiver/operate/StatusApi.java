package io.recordingarchiver.operate;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.Redaction;
import io.recordingarchiver.transfer.RunningTransfers;
import io.recordingarchiver.transfer.TransferProgress;

/**
 * The JSON answers of the status API on the management port: {@code GET /recordings/{id}} and
 * {@code GET /recordings?state=&since=&limit=&offset=}. Everything shown comes from the state store
 * (already redacted there, and redacted again here) and from the transfers running in this process;
 * no presigned URL is ever stored, so none can be shown.
 */
public class StatusApi {

    /** An HTTP answer: status code and JSON body. */
    public record Answer(int status, String body) {
    }

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordingQueries queries;
    private final RunningTransfers transfers;
    private final Clock clock;

    public StatusApi(RecordingQueries queries, RunningTransfers transfers) {
        this(queries, transfers, Clock.systemUTC());
    }

    StatusApi(RecordingQueries queries, RunningTransfers transfers, Clock clock) {
        this.queries = queries;
        this.transfers = transfers;
        this.clock = clock;
    }

    /** One recording with its status history, or 404 for an id the archiver never saw. */
    public Answer recording(String recordingId) {
        Map<String, Object> row = recordingId == null ? null : queries.recording(recordingId);
        if (row == null) {
            return error(404, "no recording with this id is known to the archiver");
        }
        ObjectNode json = summary(row);
        ArrayNode history = json.putArray("history");
        for (Map<String, Object> delivery : queries.history(recordingId)) {
            ObjectNode entry = history.addObject();
            entry.put("status", (String) delivery.get("status"));
            entry.put("receivedAt", time(delivery.get("received_at")));
            entry.put("state", (String) delivery.get("state"));
            entry.put("outcome", (String) delivery.get("outcome"));
        }
        return new Answer(200, json.toString());
    }

    /**
     * A page of recordings, most recently updated first.
     *
     * @param state  archive state filter (TRACKING, ARCHIVING, ARCHIVED, ERRORED, FAILED), any case; blank for all
     * @param since  ISO-8601 instant: only recordings updated since then; blank for all
     * @param limit  page size, 1 to {@value #MAX_LIMIT}; blank for {@value #DEFAULT_LIMIT}
     * @param offset recordings to skip; blank for 0
     */
    public Answer list(String state, String since, String limit, String offset) {
        String stateFilter = blank(state) ? null : state.trim().toUpperCase(Locale.ROOT);
        if (stateFilter != null && !RecordingQueries.ARCHIVE_STATES.contains(stateFilter)) {
            return error(400, "state must be one of " + String.join(", ", RecordingQueries.ARCHIVE_STATES));
        }
        Long sinceMillis;
        try {
            sinceMillis = blank(since) ? null : Instant.parse(since.trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return error(400, "since must be an ISO-8601 instant such as 2026-06-10T10:30:00Z");
        }
        Integer pageSize = number(limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        Integer skip = number(offset, 0, 0, Integer.MAX_VALUE);
        if (pageSize == null) {
            return error(400, "limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (skip == null) {
            return error(400, "offset must be a whole number from 0");
        }
        List<Map<String, Object>> rows = queries.list(stateFilter, sinceMillis, pageSize + 1, skip);
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("items");
        rows.stream().limit(pageSize).forEach(row -> items.add(summary(row)));
        page.put("limit", pageSize);
        page.put("offset", skip);
        if (rows.size() > pageSize) {
            page.put("next", "/recordings?" + (stateFilter == null ? "" : "state=" + stateFilter + "&")
                    + (sinceMillis == null ? "" : "since=" + Instant.ofEpochMilli(sinceMillis) + "&")
                    + "limit=" + pageSize + "&offset=" + (skip + pageSize));
        } else {
            page.putNull("next");
        }
        return new Answer(200, page.toString());
    }

    private ObjectNode summary(Map<String, Object> row) {
        ObjectNode json = JSON.createObjectNode();
        String recordingId = (String) row.get("recording_id");
        json.put("recordingId", recordingId);
        json.put("meetingId", (String) row.get("meeting_id"));
        json.put("sessionId", (String) row.get("session_id"));
        json.put("status", (String) row.get("status"));
        json.put("archiveState", (String) row.get("archive_state"));
        json.put("reason", (String) row.get("reason"));
        Object lastError = row.get("last_error");
        json.put("lastError", lastError == null ? null : Redaction.text((String) lastError));
        json.put("attempts", ((Number) row.get("attempts")).intValue());
        file(json, "recording", row.get("object_key"), row.get("size_bytes"), row.get("sha256"));
        file(json, "audio", row.get("audio_key"), row.get("audio_size"), row.get("audio_sha256"));
        json.put("errorReportKey", (String) row.get("report_key"));
        json.put("firstSeenAt", time(row.get("first_seen_at")));
        json.put("updatedAt", time(row.get("updated_at")));
        json.put("uploadedAt", time(row.get("uploaded_at")));
        json.put("archivedAt", time(row.get("archived_at")));
        // ARCHIVED, direct:on-recording-archived not run yet (under way, or its process stopped: the next claim runs it)
        json.put("archivedHookPending", Boolean.TRUE.equals(row.get("archived_hook_pending")));
        Long uploaded = millis(row.get("uploaded_at"));
        Long archived = millis(row.get("archived_at"));
        if (uploaded != null && archived != null) {
            json.put("secondsToArchive", Math.max(0, archived - uploaded) / 1000.0);
        } else {
            json.putNull("secondsToArchive");
        }
        Long deadline = millis(row.get("deadline"));
        json.put("linkExpiry", time(deadline));
        if (deadline != null) {
            json.put("secondsToDeadline", (deadline - clock.millis()) / 1000);
        } else {
            json.putNull("secondsToDeadline");
        }
        TransferProgress progress = transfers.of(recordingId);
        if (progress != null) {
            ObjectNode transfer = json.putObject("transfer");
            transfer.put("key", progress.key());
            transfer.put("bytes", progress.bytes());
            transfer.put("expectedBytes", progress.expectedBytes());
            transfer.put("percent", progress.percent());
            transfer.put("bytesPerSecond", progress.bytesPerSecond());
            transfer.put("etaSeconds", progress.eta() == null ? null : progress.eta().toSeconds());
            transfer.put("startedAt", time(progress.startedAt()));
        } else {
            json.putNull("transfer");
        }
        return json;
    }

    private static void file(ObjectNode json, String name, Object key, Object size, Object sha256) {
        if (key == null) {
            json.putNull(name);
            return;
        }
        ObjectNode file = json.putObject(name);
        file.put("key", (String) key);
        file.put("size", millis(size));
        file.put("sha256", (String) sha256);
    }

    private static Answer error(int status, String message) {
        ObjectNode json = JSON.createObjectNode();
        json.put("error", message);
        return new Answer(status, json.toString());
    }

    private static Integer number(String text, int fallback, int min, int max) {
        if (blank(text)) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            return value < min || value > max ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static Long millis(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static String time(Object epochMillis) {
        Long millis = millis(epochMillis);
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
