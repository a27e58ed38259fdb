package io.recordingarchiver.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Cloudflare RealtimeKit on a real socket (127.0.0.1, a free port): it publishes
 * the webhook public key, serves recording files behind presigned-style URLs, answers the recordings
 * REST API, builds {@code recording.statusUpdate} bodies and delivers them signed. Faults can be
 * injected into each part. Files are generated on the fly and never held in memory.
 */
public final class RealtimeKitStandIn implements AutoCloseable {

    /** The API token accepted when none is given. */
    public static final String DEFAULT_API_TOKEN = "test-api-token";

    private static final String ACCOUNT_ID = "standin-account";
    private static final String APP_ID = "standin-app";
    private static final int THREADS = 32;

    private final String apiToken;
    private final Clock clock;
    private final String webhookId = UUID.randomUUID().toString();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String serverUrl;
    private final WebhookSigningKey signingKey = new WebhookSigningKey();
    private final FileCatalog files = new FileCatalog();
    private final RecordingRegistry recordings = new RecordingRegistry();
    private final PresignedLinks links;
    private final WellKnownHandler wellKnown;
    private final RecordingsApiHandler api;
    private final StatusUpdatePayloads payloads;
    private final WebhookSender sender;

    /** Starts a stand-in accepting {@link #DEFAULT_API_TOKEN}, on the system clock. */
    public RealtimeKitStandIn() {
        this(DEFAULT_API_TOKEN);
    }

    /** Starts a stand-in accepting {@code apiToken}, on the system clock. */
    public RealtimeKitStandIn(String apiToken) {
        this(apiToken, Clock.systemUTC());
    }

    /** Starts a stand-in accepting {@code apiToken}; {@code clock} decides link expiry and timestamps. */
    public RealtimeKitStandIn(String apiToken, Clock clock) {
        this.apiToken = apiToken;
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the RealtimeKit stand-in", e);
        }
        serverUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        ObjectMapper json = new ObjectMapper();
        links = new PresignedLinks(clock, serverUrl);
        wellKnown = new WellKnownHandler(signingKey, json);
        api = new RecordingsApiHandler(apiToken, ACCOUNT_ID, APP_ID, recordings, links, clock, json);
        payloads = new StatusUpdatePayloads(json, links, clock);
        sender = new WebhookSender(signingKey, webhookId);

        server.createContext(WellKnownHandler.PATH, wellKnown);
        server.createContext(FileHandler.PATH, new FileHandler(files, links));
        server.createContext(RedirectHandler.PATH + FileHandler.PATH, new RedirectHandler(serverUrl));
        server.createContext(RecordingsApiHandler.PATH + "/", api);
        executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.start();
    }

    // ---- signing and the published key ----

    /** The webhook public key as an X.509 SubjectPublicKeyInfo PEM with real newlines. */
    public String publicKeyPem() {
        return signingKey.publicKeyPem();
    }

    /** The same PEM with each newline written as the two characters {@code \n}, as seen in the wild. */
    public String publicKeyPemWithLiteralBackslashN() {
        return publicKeyPem().replace("\n", "\\n");
    }

    /** Base64 of the {@code SHA256withRSA} signature over exactly {@code body}, with the current key. */
    public String sign(byte[] body) {
        return signingKey.sign(body);
    }

    /** Replaces the key pair: later signatures and the well-known document use the new key. */
    public void rotateKey() {
        signingKey.rotate();
    }

    /** The URL of {@code GET /.well-known/webhooks.json}: {@code {"success":true,"data":{"publicKey":"<pem>"}}}. */
    public String wellKnownUrl() {
        return serverUrl + WellKnownHandler.PATH;
    }

    /** While true, the well-known document answers 500. */
    public void setWellKnownFailing(boolean failing) {
        wellKnown.setFailing(failing);
    }

    /** While true, the well-known document carries the PEM with literal {@code \n} sequences. */
    public void setWellKnownLiteralBackslashN(boolean literal) {
        wellKnown.setLiteralBackslashN(literal);
    }

    /** How many times the well-known document was requested, failed answers included. */
    public int wellKnownFetches() {
        return wellKnown.fetches();
    }

    // ---- recording files ----

    /** A track of a track recording: {@code file} in layer {@code layerName}. */
    public TrackFile track(String layerName, RecordingFile file) {
        return new TrackFile(layerName, file);
    }

    /** A track of a track recording published under {@code publishedName} (any text, e.g. a path). */
    public TrackFile track(String layerName, RecordingFile file, String publishedName) {
        return new TrackFile(layerName, file, publishedName);
    }

    /** Registers a file of {@code size} bytes generated from {@code seed}, served at {@code /files/{name}}. */
    public RecordingFile addFile(String name, long size, long seed) {
        return files.add(name, size, seed);
    }

    /**
     * A presigned-style URL for the file, valid until {@code expiry}:
     * {@code http://127.0.0.1:{port}/files/{name}?X-Amz-...&X-Amz-Signature=<token>&expiry=<epochSeconds>}.
     * An unknown token or a past expiry answers 403.
     */
    public String presignedUrl(String name, Instant expiry) {
        files.require(name);
        return links.issue(name, expiry);
    }

    /** A URL whose GET answers 302 to a presigned URL for the file, valid until {@code expiry}. */
    public String redirectingUrl(String name, Instant expiry) {
        return presignedUrl(name, expiry).replace(serverUrl + FileHandler.PATH,
                serverUrl + RedirectHandler.PATH + FileHandler.PATH);
    }

    /** Body bytes of the file sent so far, over all requests. */
    public long bytesServed(String name) {
        return files.require(name).traffic().bytesServed();
    }

    /** Requests for the file so far: GET and HEAD, refused ones included (redirect hops excluded). */
    public int requests(String name) {
        return files.require(name).traffic().requests();
    }

    /** The {@code Range} headers of the requests for the file, in order of arrival. */
    public List<String> rangeHeadersSeen(String name) {
        return files.require(name).traffic().rangeHeaders();
    }

    /** The next {@code count} authorised GETs of the file answer {@code status} (e.g. 500, 503). */
    public void failNextRequests(String name, int count, int status) {
        files.require(name).faults().failNext(count, status);
    }

    /** The next authorised GET of the file drops the connection after {@code bytes} body bytes (once). */
    public void cutAfterBytes(String name, long bytes) {
        files.require(name).faults().cutNextAfter(bytes);
    }

    /**
     * The first GET of the file (one in flight included) that has sent {@code bytes} body bytes
     * stops there, its connection open, until {@link #release}: a transfer held at a known point, so a test can act on it
     * (kill its process) without racing it.
     */
    public void holdNextAfter(String name, long bytes) {
        files.require(name).faults().holdNextAfter(bytes);
    }

    /** Whether a GET of the file reached its hold (see {@link #holdNextAfter}). */
    public boolean reachedHold(String name) {
        return files.require(name).faults().reachedHold();
    }

    /** Lets a GET held by {@link #holdNextAfter} go on (a closed connection then ends it). */
    public void release(String name) {
        files.require(name).faults().release();
    }

    /** Each GET of the file sends at most {@code bytesPerSecond} body bytes a second (0: as fast as it can). */
    public void throttle(String name, long bytesPerSecond) {
        files.require(name).faults().throttle(bytesPerSecond);
    }

    /** While true, GETs of the file answer 200 with the whole content even when a Range is asked. */
    public void ignoreRange(String name, boolean ignore) {
        files.require(name).faults().ignoreRange(ignore);
    }

    /** GETs of the file with a Range header answer 200 with only the slice asked and its Content-Range. */
    public void answerRangeWithSliceAs200(String name) {
        files.require(name).faults().rangeFault(FileFaults.RangeFault.SLICE_AS_200, 0);
    }

    /** GETs of the file with a Range header answer 206 starting {@code bytes} before the offset asked. */
    public void answerRangeStartingEarlier(String name, long bytes) {
        files.require(name).faults().rangeFault(FileFaults.RangeFault.STARTS_EARLIER, bytes);
    }

    /** GETs of the file with a Range header answer 206 whose Content-Range total is {@code extra} bytes too large. */
    public void answerRangeWithWrongTotal(String name, long extra) {
        files.require(name).faults().rangeFault(FileFaults.RangeFault.WRONG_TOTAL, extra);
    }

    /** Every answer for the file says {@code Content-Encoding: encoding}; its bytes are the stored ones, not decoded. */
    public void labelContentEncoding(String name, String encoding) {
        files.require(name).faults().contentEncoding(encoding);
    }

    /** Answers for the file carry its true ETag (hex MD5), as S3 does for a single-part object. */
    public void sendDigests(String name) {
        files.require(name).faults().sendDigests(true);
    }

    /** Answers for the file carry an ETag and (on whole answers) a Content-MD5 that do not match its bytes. */
    public void sendWrongDigests(String name, String etag, String contentMd5) {
        files.require(name).faults().wrongDigests(etag, contentMd5);
    }

    // ---- recordings REST API ----

    /** {@code http://127.0.0.1:{port}/client/v4}. */
    public String apiBaseUrl() {
        return serverUrl + RecordingsApiHandler.PATH;
    }

    /** {@code apiBaseUrl()/accounts/{accountId}/realtime/kit/{appId}/recordings}. */
    public String recordingsUrl() {
        return apiBaseUrl() + "/accounts/" + ACCOUNT_ID + "/realtime/kit/" + APP_ID + "/recordings";
    }

    /** The API token expected as {@code Authorization: Bearer <token>}. */
    public String apiToken() {
        return apiToken;
    }

    /** The only account id the API knows; others answer 404. */
    public String accountId() {
        return ACCOUNT_ID;
    }

    /** The only app id the API knows; others answer 404. */
    public String appId() {
        return APP_ID;
    }

    /**
     * Registers an UPLOADED recording of {@code video} (random ids, stopped now after 30 minutes)
     * with the REST API; change it through its fluent setters.
     */
    public StandInRecording recording(RecordingFile video) {
        StandInRecording recording = new StandInRecording(video, clock.instant());
        recordings.add(recording);
        return recording;
    }

    /** Fetching recording {@code id} through the API now returns an already expired link. */
    public void refreshGivesExpiredLink(String id) {
        recordings.require(id).linkRefresh(StandInRecording.LinkRefresh.EXPIRED);
    }

    /** Fetching recording {@code id} through the API now returns no link at all. */
    public void refreshGivesNoLink(String id) {
        recordings.require(id).linkRefresh(StandInRecording.LinkRefresh.NONE);
    }

    /** How long links presigned by the REST API stay valid; one hour by default. */
    public void setRefreshTtl(Duration ttl) {
        api.setRefreshTtl(ttl);
    }

    /** The next {@code count} API calls answer 429 with {@code retry-after: retryAfterSeconds}. */
    public void throttleNextApiCalls(int count, int retryAfterSeconds) {
        api.throttleNext(count, retryAfterSeconds);
    }

    /** Whether the list call's {@code page_no} counts from 0 (the default) or from 1. */
    public void setPageNumbering(PageNumbering pageNumbering) {
        api.setPageNumbering(pageNumbering);
    }

    /** List calls ({@code GET /recordings}) answered so far, throttled ones excluded. */
    public int listCalls() {
        return api.listCalls();
    }

    /** API calls received so far, refused ones included. */
    public int apiCalls() {
        return api.calls();
    }

    /** When each API call arrived, in order (server side, so a slow observer does not shift them). */
    public java.util.List<java.time.Instant> apiCallTimes() {
        return api.callTimes();
    }

    // ---- webhooks ----

    /** The webhook configuration id sent as {@code rtk-webhook-id}. */
    public String webhookId() {
        return webhookId;
    }

    /** A default {@code recording.statusUpdate} body for {@code recording} at {@code status}. */
    public String statusUpdate(StandInRecording recording, String status) {
        return statusUpdate(recording, status, PayloadOptions.defaults());
    }

    /**
     * A {@code recording.statusUpdate} body for {@code recording} at {@code status} (the recording
     * itself is not changed). Only UPLOADED carries freshly presigned download links.
     */
    public String statusUpdate(StandInRecording recording, String status, PayloadOptions options) {
        return payloads.build(recording, status, options);
    }

    /** POSTs {@code body} (UTF-8) to {@code webhookUrl} as a correctly signed delivery. */
    public HttpResponse<String> deliver(URI webhookUrl, String body) throws IOException, InterruptedException {
        return deliver(webhookUrl, body, DeliveryOptions.defaults());
    }

    /** POSTs {@code body} (UTF-8) to {@code webhookUrl} with the given delivery variants. */
    public HttpResponse<String> deliver(URI webhookUrl, String body, DeliveryOptions options)
            throws IOException, InterruptedException {
        return deliver(webhookUrl, body.getBytes(StandardCharsets.UTF_8), options);
    }

    /** POSTs exactly {@code body} to {@code webhookUrl}; the signature covers these bytes. */
    public HttpResponse<String> deliver(URI webhookUrl, byte[] body, DeliveryOptions options)
            throws IOException, InterruptedException {
        return sender.send(webhookUrl, body, options);
    }

    /** Stops the server at once and its threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "realtimekit-standin-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
