package io.recordingarchiver.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The RealtimeKit recordings REST API under
 * {@code /client/v4/accounts/{account}/realtime/kit/{app}/recordings}: list, one recording, and the
 * active recording of a meeting, behind a bearer token and the injected rate limiting. Shapes follow
 * Cloudflare's generated SDK types (github.com/cloudflare/cloudflare-typescript,
 * {@code src/resources/realtime-kit/recordings.ts}): the list answers
 * {@code {"success", "data": [...], "paging": {"total_count", "start_offset", "end_offset"}}} with
 * offsets 1-based and inclusive as in every published example ({@code start_offset: 1, end_offset: 30,
 * total_count: 30}); {@code page_no} counts from 0 or from 1 as {@link PageNumbering} says (the
 * published schema leaves it open; its minimum is 0).
 */
final class RecordingsApiHandler implements HttpHandler {

    static final String PATH = "/client/v4";

    private static final int DEFAULT_PER_PAGE = 25;
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Set<String> ACTIVE = Set.of("INVOKED", "RECORDING", "PAUSED");

    private final String apiToken;
    private final String accountId;
    private final String appId;
    private final RecordingRegistry registry;
    private final PresignedLinks links;
    private final Clock clock;
    private final ObjectMapper json;
    private final RecordingJson recordingJson;
    private final ApiThrottle throttle = new ApiThrottle();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger listCalls = new AtomicInteger();
    private final java.util.List<java.time.Instant> callTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Duration refreshTtl = Duration.ofHours(1);
    private volatile PageNumbering pageNumbering = PageNumbering.FROM_ZERO;

    RecordingsApiHandler(String apiToken, String accountId, String appId, RecordingRegistry registry,
                         PresignedLinks links, Clock clock, ObjectMapper json) {
        this.apiToken = apiToken;
        this.accountId = accountId;
        this.appId = appId;
        this.registry = registry;
        this.links = links;
        this.clock = clock;
        this.json = json;
        this.recordingJson = new RecordingJson(json);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        callTimes.add(java.time.Instant.now());
        calls.incrementAndGet();
        OptionalInt retryAfter = throttle.take();
        if (retryAfter.isPresent()) {
            exchange.getResponseHeaders().set("retry-after", Integer.toString(retryAfter.getAsInt()));
            sendError(exchange, 429, 971, "Please wait and consider throttling your request speed");
            return;
        }
        if (!("Bearer " + apiToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            sendError(exchange, 401, 10000, "Authentication error");
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            sendError(exchange, 405, 10405, "Method not allowed");
            return;
        }
        route(exchange);
    }

    private void route(HttpExchange exchange) throws IOException {
        // accounts/{account}/realtime/kit/{app}/recordings[/...]
        List<String> segments = Arrays.asList(
                exchange.getRequestURI().getPath().substring(PATH.length() + 1).split("/"));
        boolean recordingsOfThisApp = segments.size() >= 6
                && segments.get(0).equals("accounts") && segments.get(1).equals(accountId)
                && segments.get(2).equals("realtime") && segments.get(3).equals("kit")
                && segments.get(4).equals(appId) && segments.get(5).equals("recordings");
        List<String> rest = recordingsOfThisApp ? segments.subList(6, segments.size()) : List.of();
        if (recordingsOfThisApp && rest.isEmpty()) {
            list(exchange, new QueryParams(exchange.getRequestURI().getRawQuery()));
        } else if (recordingsOfThisApp && rest.size() == 1) {
            one(exchange, rest.get(0));
        } else if (recordingsOfThisApp && rest.size() == 2 && rest.get(0).equals("active-recording")) {
            activeOfMeeting(exchange, rest.get(1));
        } else {
            sendError(exchange, 404, 7003, "Could not route to " + exchange.getRequestURI().getPath()
                    + ", perhaps your object identifier is invalid?");
        }
    }

    private void one(HttpExchange exchange, String id) throws IOException {
        StandInRecording recording = registry.find(id).orElse(null);
        if (recording == null) {
            sendError(exchange, 404, 404, "Recording not found");
            return;
        }
        ObjectNode body = json.createObjectNode().put("success", true);
        body.set("data", render(recording, false));
        Exchanges.sendJson(exchange, 200, body.toString());
    }

    private void activeOfMeeting(HttpExchange exchange, String meetingId) throws IOException {
        StandInRecording active = registry.all().stream()
                .filter(r -> r.meetingId().equals(meetingId) && ACTIVE.contains(r.status()))
                .findFirst().orElse(null);
        if (active == null) {
            sendError(exchange, 404, 404, "No active recording found for this meeting");
            return;
        }
        ObjectNode body = json.createObjectNode().put("success", true);
        body.set("data", render(active, true));
        Exchanges.sendJson(exchange, 200, body.toString());
    }

    private void list(HttpExchange exchange, QueryParams query) throws IOException {
        listCalls.incrementAndGet();
        int pageNo;
        int perPage;
        Predicate<StandInRecording> filter;
        try {
            pageNo = intParam(query, "page_no", 0);
            perPage = intParam(query, "per_page", DEFAULT_PER_PAGE);
            filter = listFilter(query);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            sendError(exchange, 400, 400, "Invalid query parameter");
            return;
        }
        Comparator<StandInRecording> byInvoked = Comparator.comparing(StandInRecording::invokedTime);
        List<StandInRecording> matching = registry.all().stream()
                .filter(filter)
                .sorted("ASC".equalsIgnoreCase(query.first("sort_order")) ? byInvoked : byInvoked.reversed())
                .toList();
        long pageIndex = pageNumbering == PageNumbering.FROM_ONE ? pageNo - 1L : pageNo;
        int start = pageIndex < 0 ? matching.size() : (int) Math.min(pageIndex * perPage, matching.size());
        List<StandInRecording> page = matching.subList(start, Math.min(start + perPage, matching.size()));

        ObjectNode body = json.createObjectNode().put("success", true);
        ArrayNode data = body.putArray("data");
        page.forEach(r -> data.add(render(r, true)));
        // 1-based and inclusive, as in the published examples; an empty page has start > end
        body.putObject("paging")
                .put("total_count", matching.size())
                .put("start_offset", page.isEmpty() ? 0 : start + 1)
                .put("end_offset", page.isEmpty() ? 0 : start + page.size());
        Exchanges.sendJson(exchange, 200, body.toString());
    }

    /**
     * status (repeated or comma joined), meeting_id, start_time/end_time, expired. Which timestamp
     * start_time/end_time filter on is undocumented (REALTIMEKIT.md): the stand-in takes the least
     * helpful reading, the invoke time, so a long recording invoked before the window is not listed;
     * expired means stopped more than 7 days ago (RealtimeKit's retention).
     */
    private Predicate<StandInRecording> listFilter(QueryParams query) {
        Set<String> statuses = query.all("status").stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        String meetingId = query.first("meeting_id");
        Instant from = instantParam(query, "start_time");
        Instant to = instantParam(query, "end_time");
        String expired = query.first("expired");
        Instant retentionStart = clock.instant().minus(RETENTION);
        return r -> {
            Instant when = r.invokedTime();
            Instant end = r.stoppedTime() != null ? r.stoppedTime() : r.invokedTime();
            boolean isExpired = end.isBefore(retentionStart);
            return (statuses.isEmpty() || statuses.contains(r.status()))
                    && (meetingId == null || meetingId.equals(r.meetingId()))
                    && (from == null || !when.isBefore(from))
                    && (to == null || !when.isAfter(to))
                    && (expired == null || Boolean.parseBoolean(expired) == isExpired);
        };
    }

    private ObjectNode render(StandInRecording recording, boolean withMeeting) {
        return recordingJson.render(recording, refreshedLinks(recording), withMeeting);
    }

    /** A newly presigned link on every call, as configured for the recording; null before UPLOADED. */
    private DownloadLinks refreshedLinks(StandInRecording recording) {
        if (!"UPLOADED".equals(recording.status())) {
            return null;
        }
        Instant now = clock.instant();
        return switch (recording.linkRefresh()) {
            case FRESH -> DownloadLinks.issue(links, recording, now.plus(refreshTtl));
            case EXPIRED -> DownloadLinks.issue(links, recording, now.minusSeconds(1));
            case NONE -> null;
        };
    }

    private void sendError(HttpExchange exchange, int status, int code, String message) throws IOException {
        Exchanges.sendJson(exchange, status, ApiEnvelopes.error(json, code, message));
    }

    private static int intParam(QueryParams query, String name, int fallback) {
        String value = query.first(name);
        int parsed = value == null ? fallback : Integer.parseInt(value);
        if (parsed < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return parsed;
    }

    private static Instant instantParam(QueryParams query, String name) {
        String value = query.first(name);
        return value == null || value.isEmpty() ? null : Instant.parse(value);
    }

    void throttleNext(int calls, int retryAfterSeconds) {
        throttle.throttleNext(calls, retryAfterSeconds);
    }

    void setRefreshTtl(Duration refreshTtl) {
        this.refreshTtl = refreshTtl;
    }

    java.util.List<java.time.Instant> callTimes() {
        return java.util.List.copyOf(callTimes);
    }

    int calls() {
        return calls.get();
    }

    int listCalls() {
        return listCalls.get();
    }

    void setPageNumbering(PageNumbering pageNumbering) {
        this.pageNumbering = pageNumbering;
    }
}
