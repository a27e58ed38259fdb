package io.recordingarchiver.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RealtimeKitStandInTest {

    private static final long SIZE = 3L * 1024 * 1024 + 123;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RealtimeKitStandIn standIn = new RealtimeKitStandIn();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        standIn.close();
    }

    // ---- signing ----

    @Test
    void signatureVerifiesWithThePublishedKeyOverTheExactBytesOnly() throws Exception {
        byte[] body = "{\"event\":\"recording.statusUpdate\"}".getBytes(StandardCharsets.UTF_8);
        String signature = standIn.sign(body);
        PublicKey key = parsePem(fetchPublishedPem());

        assertThat(verify(key, body, signature)).isTrue();
        assertThat(verify(key, "{\"event\": \"recording.statusUpdate\"}".getBytes(StandardCharsets.UTF_8), signature))
                .isFalse();
        assertThat(parsePem(standIn.publicKeyPemWithLiteralBackslashN().replace("\\n", "\n")).getEncoded())
                .isEqualTo(key.getEncoded());
        assertThat(standIn.wellKnownFetches()).isEqualTo(1);
    }

    @Test
    void rotationAndFailureOfTheWellKnownDocument() throws Exception {
        PublicKey before = parsePem(fetchPublishedPem());
        standIn.rotateKey();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String signature = standIn.sign(body);

        assertThat(verify(before, body, signature)).isFalse();
        assertThat(verify(parsePem(fetchPublishedPem()), body, signature)).isTrue();

        standIn.setWellKnownLiteralBackslashN(true);
        assertThat(fetchPublishedPem()).contains("\\n").doesNotContain("\n");

        standIn.setWellKnownFailing(true);
        assertThat(get(standIn.wellKnownUrl()).statusCode()).isEqualTo(500);
        assertThat(standIn.wellKnownFetches()).isEqualTo(4);
    }

    // ---- files ----

    @Test
    void presignedUrlServesTheExactBytes() throws Exception {
        RecordingFile file = standIn.addFile("weekly.mp4", SIZE, 42);
        HttpResponse<byte[]> response = getBytes(standIn.presignedUrl("weekly.mp4", inOneHour()), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(sha256(response.body())).isEqualTo(file.sha256Hex());
        assertThat(standIn.bytesServed("weekly.mp4")).isEqualTo(SIZE);
        assertThat(standIn.requests("weekly.mp4")).isEqualTo(1);
    }

    @Test
    void contentIsDeterministicPerSeed() throws Exception {
        RecordingFile a = standIn.addFile("a.mp4", SIZE, 7);
        RecordingFile sameSeed = standIn.addFile("b.mp4", SIZE, 7);
        RecordingFile otherSeed = standIn.addFile("c.mp4", SIZE, 8);

        assertThat(a.sha256Hex()).isEqualTo(sameSeed.sha256Hex()).isNotEqualTo(otherSeed.sha256Hex());
    }

    @Test
    void unknownOrExpiredTokenIsRefused() throws Exception {
        standIn.addFile("weekly.mp4", SIZE, 42);
        standIn.addFile("other.mp4", SIZE, 43);
        String valid = standIn.presignedUrl("weekly.mp4", inOneHour());
        String expired = standIn.presignedUrl("weekly.mp4", Instant.now().minusSeconds(1));
        String tampered = valid.replaceFirst("X-Amz-Signature=[0-9a-f]{4}", "X-Amz-Signature=0000");
        String otherFilesToken = valid.replace("/files/weekly.mp4", "/files/other.mp4");

        assertThat(get(expired).statusCode()).isEqualTo(403);
        assertThat(get(tampered).statusCode()).isEqualTo(403);
        assertThat(get(otherFilesToken).statusCode()).isEqualTo(403);
        assertThat(get(valid.substring(0, valid.indexOf('?'))).statusCode()).isEqualTo(403);
        assertThat(standIn.bytesServed("weekly.mp4")).isZero();
    }

    @Test
    void rangeRequestsReturnTheRightSlice() throws Exception {
        RecordingFile file = standIn.addFile("weekly.mp4", SIZE, 42);
        String url = standIn.presignedUrl("weekly.mp4", inOneHour());
        long from = 100_000;

        HttpResponse<byte[]> open = getBytes(url, "bytes=" + from + "-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.headers().firstValue("Content-Range")).hasValue("bytes 100000-" + (SIZE - 1) + "/" + SIZE);
        assertThat(open.body()).isEqualTo(slice(file, from, SIZE - from));

        HttpResponse<byte[]> closed = getBytes(url, "bytes=65530-65545");
        assertThat(closed.statusCode()).isEqualTo(206);
        assertThat(closed.headers().firstValueAsLong("Content-Length")).hasValue(16);
        assertThat(closed.body()).isEqualTo(slice(file, 65530, 16));

        assertThat(getBytes(url, "bytes=" + SIZE + "-").statusCode()).isEqualTo(416);
        assertThat(standIn.rangeHeadersSeen("weekly.mp4"))
                .containsExactly("bytes=100000-", "bytes=65530-65545", "bytes=" + SIZE + "-");
    }

    @Test
    void headAnswersTheLengthWithoutABody() throws Exception {
        standIn.addFile("weekly.mp4", SIZE, 42);
        HttpRequest head = HttpRequest.newBuilder(URI.create(standIn.presignedUrl("weekly.mp4", inOneHour())))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();

        HttpResponse<Void> response = http.send(head, HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
        assertThat(standIn.bytesServed("weekly.mp4")).isZero();
    }

    @Test
    void ignoredRangeServesTheWholeFile() throws Exception {
        standIn.addFile("weekly.mp4", SIZE, 42);
        standIn.ignoreRange("weekly.mp4", true);

        HttpResponse<byte[]> response = getBytes(standIn.presignedUrl("weekly.mp4", inOneHour()), "bytes=10-");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize((int) SIZE);
    }

    @Test
    void injectedFailuresComeFirstThenTheFile() throws Exception {
        RecordingFile file = standIn.addFile("weekly.mp4", SIZE, 42);
        String url = standIn.presignedUrl("weekly.mp4", inOneHour());
        standIn.failNextRequests("weekly.mp4", 2, 503);

        assertThat(get(url).statusCode()).isEqualTo(503);
        assertThat(get(url).statusCode()).isEqualTo(503);
        HttpResponse<byte[]> third = getBytes(url, null);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(sha256(third.body())).isEqualTo(file.sha256Hex());
        assertThat(standIn.requests("weekly.mp4")).isEqualTo(3);
    }

    @Test
    void cutConnectionDropsMidBodyOnce() throws Exception {
        RecordingFile file = standIn.addFile("weekly.mp4", SIZE, 42);
        String url = standIn.presignedUrl("weekly.mp4", inOneHour());
        standIn.cutAfterBytes("weekly.mp4", 200_000);

        assertThatThrownBy(() -> getBytes(url, null)).isInstanceOf(IOException.class);
        assertThat(standIn.bytesServed("weekly.mp4")).isEqualTo(200_000);

        HttpResponse<byte[]> resumed = getBytes(url, "bytes=200000-");
        assertThat(resumed.statusCode()).isEqualTo(206);
        assertThat(resumed.body()).isEqualTo(slice(file, 200_000, SIZE - 200_000));
    }

    @Test
    void redirectingUrlAnswers302ToAPresignedUrl() throws Exception {
        RecordingFile file = standIn.addFile("weekly.mp4", SIZE, 42);
        HttpResponse<String> redirect = get(standIn.redirectingUrl("weekly.mp4", inOneHour()));

        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/files/weekly.mp4?").contains("X-Amz-Signature=");
        assertThat(sha256(getBytes(location, null).body())).isEqualTo(file.sha256Hex());
    }

    // ---- REST API ----

    @Test
    void apiNeedsTheBearerTokenAndHonoursInjectedThrottling() throws Exception {
        RecordingFile video = standIn.addFile("weekly.mp4", SIZE, 42);
        String url = standIn.recordingsUrl() + "/" + standIn.recording(video).id();

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).at("/errors/0/code").asInt()).isEqualTo(10000);

        standIn.throttleNextApiCalls(1, 7);
        HttpResponse<String> throttled = api(url);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("retry-after")).hasValue("7");
        assertThat(api(url).statusCode()).isEqualTo(200);
        assertThat(standIn.apiCalls()).isEqualTo(3);
    }

    @Test
    void oneRecordingComesWithAFreshLinkEachTime() throws Exception {
        RecordingFile video = standIn.addFile("weekly.mp4", SIZE, 42);
        StandInRecording recording = standIn.recording(video);
        String url = standIn.recordingsUrl() + "/" + recording.id();

        JsonNode first = JSON.readTree(api(url).body());
        JsonNode second = JSON.readTree(api(url).body());

        assertThat(first.get("success").asBoolean()).isTrue();
        JsonNode data = first.get("data");
        assertThat(data.get("id").asText()).isEqualTo(recording.id());
        assertThat(data.get("status").asText()).isEqualTo("UPLOADED");
        assertThat(data.get("file_size").asLong()).isEqualTo(SIZE);
        assertThat(data.get("session_id").asText()).isEqualTo(recording.sessionId());
        assertThat(Instant.parse(data.get("download_url_expiry").asText())).isAfter(Instant.now().plusSeconds(3000));
        assertThat(data.has("audio_download_url")).isTrue();
        assertThat(data.has("storage_config")).isTrue();
        String link = data.get("download_url").asText();
        assertThat(link).isNotEqualTo(second.at("/data/download_url").asText());
        assertThat(sha256(getBytes(link, null).body())).isEqualTo(video.sha256Hex());

        assertThat(api(standIn.recordingsUrl() + "/no-such-id").statusCode()).isEqualTo(404);
    }

    @Test
    void refreshCanGiveAnExpiredLinkOrNone() throws Exception {
        RecordingFile video = standIn.addFile("weekly.mp4", SIZE, 42);
        StandInRecording expired = standIn.recording(video);
        StandInRecording linkless = standIn.recording(video);
        standIn.refreshGivesExpiredLink(expired.id());
        standIn.refreshGivesNoLink(linkless.id());

        String expiredLink = JSON.readTree(api(standIn.recordingsUrl() + "/" + expired.id()).body())
                .at("/data/download_url").asText();
        assertThat(get(expiredLink).statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(api(standIn.recordingsUrl() + "/" + linkless.id()).body())
                .at("/data/download_url").isNull()).isTrue();
    }

    @Test
    void listFiltersByStatusAndPagesWithOneBasedInclusiveOffsets() throws Exception {
        RecordingFile video = standIn.addFile("weekly.mp4", SIZE, 42);
        Instant now = Instant.now();
        for (int i = 0; i < 5; i++) {
            standIn.recording(video).status(i < 3 ? "UPLOADED" : "RECORDING")
                    .invokedTime(now.minusSeconds(60L * (10 - i)));
        }

        JsonNode page0 = JSON.readTree(api(standIn.recordingsUrl() + "?status=UPLOADED&page_no=0&per_page=2").body());
        JsonNode page1 = JSON.readTree(api(standIn.recordingsUrl() + "?status=UPLOADED&page_no=1&per_page=2").body());
        assertThat(page0.get("data")).hasSize(2);
        assertThat(page0.at("/paging/total_count").asInt()).isEqualTo(3);
        // published examples: {"start_offset": 1, "end_offset": 30, "total_count": 30}
        assertThat(page0.at("/paging/start_offset").asInt()).isEqualTo(1);
        assertThat(page0.at("/paging/end_offset").asInt()).isEqualTo(2);
        assertThat(page1.get("data")).hasSize(1);
        assertThat(page1.at("/paging/start_offset").asInt()).isEqualTo(3);
        assertThat(page1.at("/paging/end_offset").asInt()).isEqualTo(3);
        assertThat(page1.get("data").get(0).get("id").asText())
                .isNotIn(page0.get("data").get(0).get("id").asText(), page0.get("data").get(1).get("id").asText());

        assertThat(totalCount("?status=UPLOADED,RECORDING")).isEqualTo(5);
        assertThat(totalCount("?status=UPLOADED&status=RECORDING")).isEqualTo(5);
        // the window filters on the invoke time (the least helpful reading of an undocumented filter)
        assertThat(totalCount("?status=UPLOADED&start_time=" + now.minusSeconds(570) + "&end_time=" + now.minusSeconds(450)))
                .isEqualTo(2);
        assertThat(totalCount("?expired=false")).isEqualTo(5);
    }

    @Test
    void pagesCanCountFromOneWithPageZeroEmpty() throws Exception {
        RecordingFile video = standIn.addFile("weekly.mp4", SIZE, 42);
        for (int i = 0; i < 3; i++) {
            standIn.recording(video);
        }
        standIn.setPageNumbering(PageNumbering.FROM_ONE);

        JsonNode page0 = JSON.readTree(api(standIn.recordingsUrl() + "?page_no=0&per_page=2").body());
        JsonNode page1 = JSON.readTree(api(standIn.recordingsUrl() + "?page_no=1&per_page=2").body());
        JsonNode page2 = JSON.readTree(api(standIn.recordingsUrl() + "?page_no=2&per_page=2").body());

        assertThat(page0.get("data")).isEmpty();
        assertThat(page0.at("/paging/total_count").asInt()).isEqualTo(3);
        assertThat(page1.get("data")).hasSize(2);
        assertThat(page1.at("/paging/start_offset").asInt()).isEqualTo(1);
        assertThat(page2.get("data")).hasSize(1);
        assertThat(page2.at("/paging/end_offset").asInt()).isEqualTo(3);
        assertThat(standIn.listCalls()).isEqualTo(3);
    }

    @Test
    void listItemsNestTheMeetingAndCarryNoTopLevelMeetingId() throws Exception {
        StandInRecording recording = standIn.recording(standIn.addFile("weekly.mp4", SIZE, 42));

        JsonNode item = JSON.readTree(api(standIn.recordingsUrl()).body()).at("/data/0");
        JsonNode one = JSON.readTree(api(standIn.recordingsUrl() + "/" + recording.id()).body()).get("data");

        assertThat(item.at("/meeting/id").asText()).isEqualTo(recording.meetingId());
        assertThat(item.at("/meeting/title").asText()).isEqualTo(recording.meetingTitle());
        assertThat(item.has("meeting_id")).isFalse();
        assertThat(item.has("organization_id")).isFalse();
        assertThat(item.get("file_size").isNumber()).isTrue();
        // the one-recording call carries no meeting at all
        assertThat(one.has("meeting")).isFalse();
        assertThat(one.has("meeting_id")).isFalse();
    }

    @Test
    void trackRecordingsPublishTheirFilesAsAnArrayInRestAndWebhook() throws Exception {
        RecordingFile alice = standIn.addFile("alice.webm", 3000, 51);
        RecordingFile bob = standIn.addFile("bob.webm", 4000, 52);
        StandInRecording recording = standIn.recording(standIn.addFile("weekly.mp4", SIZE, 42))
                .tracks(standIn.track("video", alice), standIn.track("video", bob));

        JsonNode rest = JSON.readTree(api(standIn.recordingsUrl() + "/" + recording.id()).body()).at("/data/download_url");
        JsonNode hook = JSON.readTree(standIn.statusUpdate(recording, "UPLOADED")).at("/recording/downloadUrl");

        for (JsonNode links : List.of(rest, hook)) {
            assertThat(links.isArray()).isTrue();
            assertThat(links).hasSize(1);
            assertThat(links.at("/0/layer_name").asText()).isEqualTo("video");
            String aliceUrl = links.at("/0/download_urls/alice.webm/download_url").asText();
            String bobUrl = links.at("/0/download_urls/bob.webm/download_url").asText();
            assertThat(sha256(getBytes(aliceUrl, null).body())).isEqualTo(alice.sha256Hex());
            assertThat(sha256(getBytes(bobUrl, null).body())).isEqualTo(bob.sha256Hex());
        }
    }

    // ---- payloads ----

    @Test
    void uploadedPayloadCarriesTheDocumentedFieldsAndWorkingLinks() throws Exception {
        RecordingFile video = standIn.addFile("weekly.mp4", SIZE, 42);
        RecordingFile audio = standIn.addFile("weekly.mp3", 4096, 43);
        StandInRecording recording = standIn.recording(video).audio(audio);

        JsonNode body = JSON.readTree(standIn.statusUpdate(recording, "UPLOADED"));

        assertThat(body.get("event").asText()).isEqualTo("recording.statusUpdate");
        assertThat(body.at("/meeting/id").asText()).isEqualTo(recording.meetingId());
        assertThat(body.at("/meeting/status").asText()).isEqualTo("LIVE");
        assertThat(body.at("/meeting/organizedBy/id").asText()).isEqualTo(recording.organizationId());
        JsonNode r = body.get("recording");
        assertThat(r.get("id").asText()).isEqualTo(recording.id()).isEqualTo(r.get("recordingId").asText());
        assertThat(r.get("status").asText()).isEqualTo("UPLOADED");
        assertThat(r.get("roomUUID").asText()).isEqualTo(recording.sessionId());
        assertThat(r.get("outputFileName").asText()).isEqualTo("weekly.mp4");
        assertThat(r.get("recordingDuration").asLong()).isEqualTo(1800);
        assertThat(r.get("fileSize").isTextual()).isTrue();
        assertThat(r.get("fileSize").asText()).isEqualTo(Long.toString(SIZE));
        assertThat(r.get("stoppedTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(Instant.parse(r.get("downloadUrlExpiry").asText())).isAfter(Instant.now().plusSeconds(3000));
        assertThat(sha256(getBytes(r.get("downloadUrl").asText(), null).body())).isEqualTo(video.sha256Hex());
        assertThat(sha256(getBytes(r.get("audioDownloadUrl").asText(), null).body())).isEqualTo(audio.sha256Hex());
    }

    @Test
    void onlyUploadedCarriesLinksAndOnlyLateStatusesAFileSize() throws Exception {
        StandInRecording recording = standIn.recording(standIn.addFile("weekly.mp4", SIZE, 42));

        JsonNode recordingStatus = JSON.readTree(standIn.statusUpdate(recording, "RECORDING")).get("recording");
        JsonNode uploading = JSON.readTree(standIn.statusUpdate(recording, "UPLOADING")).get("recording");
        JsonNode bucketless = JSON.readTree(standIn.statusUpdate(recording, "UPLOADED",
                PayloadOptions.defaults().noDownloadLink())).get("recording");

        for (JsonNode r : new JsonNode[] {recordingStatus, uploading, bucketless}) {
            assertThat(r.has("downloadUrl")).isFalse();
            assertThat(r.has("audioDownloadUrl")).isFalse();
            assertThat(r.has("downloadUrlExpiry")).isFalse();
        }
        assertThat(recordingStatus.has("fileSize")).isFalse();
        assertThat(uploading.has("fileSize")).isTrue();
        assertThat(bucketless.has("fileSize")).isTrue();
    }

    @Test
    void payloadVariants() throws Exception {
        StandInRecording recording = standIn.recording(standIn.addFile("weekly.mp4", SIZE, 42));
        Instant expiry = Instant.now().minusSeconds(5);

        JsonNode body = JSON.readTree(standIn.statusUpdate(recording, "UPLOADED", PayloadOptions.defaults()
                .fileSizeAsNumber().fileSize(12345).legacyTimestamps().linkExpiry(expiry)
                .stopReasonDictString().unknownFields()));
        JsonNode r = body.get("recording");

        assertThat(r.get("fileSize").isNumber()).isTrue();
        assertThat(r.get("fileSize").asLong()).isEqualTo(12345);
        assertThat(r.get("startedTime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(r.get("downloadUrlExpiry").asText()).isEqualTo(TimestampStyle.LEGACY_MICROS.format(expiry));
        assertThat(get(r.get("downloadUrl").asText()).statusCode()).isEqualTo(403);
        assertThat(r.get("stopReason").asText()).startsWith("{'reason'");
        assertThat(body.has("apiVersion")).isTrue();
        assertThat(r.has("recordingFormat")).isTrue();

        JsonNode objectReason = JSON.readTree(standIn.statusUpdate(recording, "UPLOADED",
                PayloadOptions.defaults().stopReasonObject())).at("/recording/stopReason");
        assertThat(objectReason.get("reason").asText()).isEqualTo("API_CALL");
    }

    // ---- delivery ----

    @Test
    void deliverySignsTheExactBytesWithTheDocumentedHeaders() throws Exception {
        BlockingQueue<Captured> captured = new ArrayBlockingQueue<>(4);
        HttpServer receiver = receiver(captured);
        try {
            URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhook");
            String body = standIn.statusUpdate(standIn.recording(standIn.addFile("weekly.mp4", SIZE, 42)), "UPLOADED");

            assertThat(standIn.deliver(url, body).statusCode()).isEqualTo(200);
            Captured plain = captured.poll(5, TimeUnit.SECONDS);
            assertThat(plain.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
            assertThat(plain.headers().getFirst("Content-Type")).isEqualTo("application/json");
            assertThat(plain.headers().getFirst("User-Agent")).isEqualTo("axios/1.7.2");
            assertThat(plain.headers().getFirst("rtk-uuid")).isNotBlank();
            assertThat(plain.headers().getFirst("rtk-webhook-id")).isEqualTo(standIn.webhookId());
            assertThat(verify(parsePem(standIn.publicKeyPem()), plain.body(),
                    plain.headers().getFirst("rtk-signature"))).isTrue();

            standIn.deliver(url, body, DeliveryOptions.defaults().dytePrefix().deliveryUuid("fixed").unsigned());
            Captured dyte = captured.poll(5, TimeUnit.SECONDS);
            assertThat(dyte.headers().getFirst("dyte-uuid")).isEqualTo("fixed");
            assertThat(dyte.headers().containsKey("dyte-signature")).isFalse();
            assertThat(dyte.headers().containsKey("rtk-uuid")).isFalse();
        } finally {
            receiver.stop(0);
        }
    }

    // ---- helpers ----

    private record Captured(com.sun.net.httpserver.Headers headers, byte[] body) {
    }

    private static HttpServer receiver(BlockingQueue<Captured> captured) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/webhook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                captured.add(new Captured(exchange.getRequestHeaders(), in.readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private String fetchPublishedPem() throws Exception {
        HttpResponse<String> response = get(standIn.wellKnownUrl());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("success").asBoolean()).isTrue();
        return body.at("/data/publicKey").asText();
    }

    private static PublicKey parsePem(String pem) throws Exception {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static boolean verify(PublicKey key, byte[] body, String signatureBase64) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update(body);
        return verifier.verify(Base64.getDecoder().decode(signatureBase64));
    }

    private int totalCount(String query) throws Exception {
        return JSON.readTree(api(standIn.recordingsUrl() + query).body()).at("/paging/total_count").asInt();
    }

    private HttpResponse<String> api(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + standIn.apiToken()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String url, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] slice(RecordingFile file, long offset, long length) throws IOException {
        try (InputStream in = file.openStream()) {
            assertThat(in.skip(offset)).isEqualTo(offset);
            return in.readNBytes((int) length);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Instant inOneHour() {
        return Instant.now().plusSeconds(3600);
    }

}
