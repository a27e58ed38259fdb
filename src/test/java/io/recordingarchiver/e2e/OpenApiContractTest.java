package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.operate.ManagementApiOperations;
import io.recordingarchiver.testkit.DeliveryOptions;
import io.recordingarchiver.testkit.PayloadOptions;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;

/**
 * The management HTTP API's real answers checked against {@code docs/openapi.yaml} with Atlassian's
 * swagger-request-validator: every request sent and every answer received (status, content type,
 * headers, body schema) must match the description, and every operation it describes is exercised.
 * (That every route is described is {@code OpenApiRoutesDriftTest}.)
 */
class OpenApiContractTest extends ArchiverTestBase {

    private static final String TOKEN = "openapi-admin-token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenApiInteractionValidator validator = OpenApiInteractionValidator
            .createForSpecificationUrl(Path.of("docs/openapi.yaml").toUri().toString()).build();
    private final List<String> problems = new ArrayList<>();
    private final Set<String> answered = new LinkedHashSet<>();

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.admin.token", TOKEN);
    }

    @Test
    void realAnswersMatchTheDescription() throws Exception {
        RecordingFile video = env.rtk.addFile("openapi.mp4", 1024 * 1024 + 9, 801);
        StandInRecording archived = env.rtk.recording(video);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(archived, "UPLOADED"));
        RecordingFile shortFile = env.rtk.addFile("openapi-failed.mp4", 1000, 802);
        StandInRecording failed = env.rtk.recording(shortFile);
        env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(failed, "UPLOADED",
                PayloadOptions.defaults().fileSize(shortFile.size() + 1)));
        awaitState(archived.id(), "ARCHIVED");
        awaitState(failed.id(), "FAILED");

        String bearer = "Bearer " + TOKEN;
        call("GET", "/recordings/" + archived.id(), bearer, 200);
        call("GET", "/recordings/" + failed.id(), bearer, 200);
        call("GET", "/recordings/00000000-0000-4000-8000-000000000000", bearer, 404);
        call("GET", "/recordings/" + archived.id(), null, 401);
        call("GET", "/recordings?limit=1", bearer, 200);
        call("GET", "/recordings?state=ARCHIVED&since=2020-01-01T00:00:00Z&limit=10&offset=0", bearer, 200);
        call("GET", "/recordings?limit=9999", bearer, 400);
        call("GET", "/", null, 200);
        call("GET", "/observe/health", null, 200);
        call("GET", "/observe/health/live", null, 200);
        call("GET", "/observe/health/ready", null, 200);
        call("GET", "/observe/metrics", null, 200);
        call("POST", "/admin/recordings/" + archived.id() + "/replay", bearer, 409);
        call("POST", "/admin/recordings/00000000-0000-4000-8000-000000000000/replay", bearer, 404);
        call("POST", "/admin/recordings/" + failed.id() + "/replay", "Bearer wrong", 403);
        call("POST", "/admin/recordings/" + failed.id() + "/replay", bearer, 202);
        call("POST", "/admin/recordings/replay-failed", bearer, 202);
        Instant now = Instant.now();
        call("POST", "/admin/backfill?from=" + now.minus(Duration.ofDays(2)) + "&to=" + now, bearer, 200);
        call("POST", "/admin/backfill?from=yesterday", bearer, 400);

        heldDeliveries(bearer);

        assertThat(problems).as("answers that do not match docs/openapi.yaml").isEmpty();
        assertThat(answered).as("operations exercised")
                .containsExactlyInAnyOrderElementsOf(ManagementApiOperations.documented(Path.of("docs/openapi.yaml")));
    }

    /**
     * {@code GET /held} and the held-delivery replays, with two correctly signed deliveries the
     * archiver keeps as held (as in {@code AuthenticDeliveriesTest}): an UPLOADED update whose meeting
     * id cannot be part of an object key (parsed: event type and recording id known) and a body that is
     * not one JSON object (nothing known). Then the first one's cause is fixed (its stored bytes
     * replaced by the same update with a usable id, as a newer archiver would read it), so the replay
     * of all gives both kinds of result and a second replay of it answers 409.
     */
    private void heldDeliveries(String bearer) throws Exception {
        RecordingFile heldFile = env.rtk.addFile("openapi-held.mp4", 1000, 803);
        StandInRecording heldRecording = env.rtk.recording(heldFile);
        String usable = env.rtk.statusUpdate(heldRecording, "UPLOADED");
        ObjectNode unusable = (ObjectNode) JSON.readTree(usable);
        ((ObjectNode) unusable.get("recording")).put("meetingId", "m/../x");
        String unusableId = UUID.randomUUID().toString();
        String notJsonId = UUID.randomUUID().toString();
        assertThat(env.rtk.deliver(env.webhookUrl(), unusable.toString(), DeliveryOptions.defaults().deliveryUuid(unusableId))
                .body()).contains("\"result\":\"held\"");
        assertThat(env.rtk.deliver(env.webhookUrl(), "[1, 2]", DeliveryOptions.defaults().deliveryUuid(notJsonId))
                .body()).contains("\"result\":\"held\"");

        JsonNode held = JSON.readTree(call("GET", "/held", bearer, 200));
        assertThat(held.path("items").findValuesAsText("deliveryId")).as(held.toString()).contains(unusableId, notJsonId);
        assertThat(held.path("items").findValuesAsText("reasonCode")).contains("unusable-id", "not-json");
        call("GET", "/held?state=all&limit=10", bearer, 200);
        call("GET", "/held?state=BOGUS", bearer, 400);
        call("GET", "/held?limit=0", bearer, 400);
        call("GET", "/held", null, 401);
        call("GET", "/held", "Bearer wrong", 403);

        assertThat(JSON.readTree(call("POST", "/admin/held/" + unusableId + "/replay", bearer, 202))
                .path("result").asText()).isEqualTo("held");
        call("POST", "/admin/held/no-such-delivery/replay", bearer, 404);
        call("POST", "/admin/held/" + unusableId + "/replay", "Bearer wrong", 403);
        call("POST", "/admin/held/replay", "Bearer wrong", 403);

        // the cause fixed: the stored bytes now read as an event
        assertThat(db().update("UPDATE held_delivery SET body = ? WHERE delivery_id = ?",
                Base64.getEncoder().encodeToString(usable.getBytes(StandardCharsets.UTF_8)), unusableId))
                .isEqualTo(1);
        JsonNode all = JSON.readTree(call("POST", "/admin/held/replay", bearer, 202));
        assertThat(all.path("deliveries").findValuesAsText("result")).as(all.toString()).contains("accepted", "held");
        call("POST", "/admin/held/" + unusableId + "/replay", bearer, 409);
        JsonNode replayed = JSON.readTree(call("GET", "/held?state=REPLAYED", bearer, 200));
        assertThat(replayed.path("items").findValuesAsText("outcome")).as(replayed.toString()).contains("accepted");
        awaitState(heldRecording.id(), "ARCHIVED");
    }

    /** Sends a request, checks the status, validates request and answer against the description; the answer's body. */
    private String call(String method, String pathAndQuery, String authorization, int expectedStatus) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.managementPort
                + pathAndQuery)).timeout(Duration.ofSeconds(60));
        builder = method.equals("POST") ? builder.POST(HttpRequest.BodyPublishers.noBody()) : builder.GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, pathAndQuery, response.body()).isEqualTo(expectedStatus);

        URI uri = URI.create(pathAndQuery);
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), uri.getPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                request.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (authorization != null) {
            request.withHeader("Authorization", authorization);
        }
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            answer.withHeader(header.getKey(), header.getValue());
        }
        ValidationReport report = validator.validate(request.build(), answer.build());
        if (report.hasErrors()) {
            problems.add(method + " " + pathAndQuery + " -> " + response.statusCode() + ": "
                    + report.getMessages() + "\n  body: " + abbreviate(response.body()));
        }
        answered.add(method + " " + operationPath(uri.getPath()));
        return response.body();
    }

    private static String operationPath(String path) {
        return path.replaceAll("/recordings/[0-9a-f-]{36}", "/recordings/{id}")
                .replaceAll("^/admin/held/(?!replay$)[^/]+/replay$", "/admin/held/{deliveryId}/replay");
    }

    private static String abbreviate(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "..." : body;
    }
}
