package io.recordingarchiver.intake;

import static io.recordingarchiver.SigningKeys.A;
import static io.recordingarchiver.SigningKeys.B;
import static io.recordingarchiver.SigningKeys.pem;
import static io.recordingarchiver.SigningKeys.sign;
import static io.recordingarchiver.SigningKeys.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.recordingarchiver.SigningKeys;
import io.recordingarchiver.MutableClock;
import io.recordingarchiver.event.IntakeRejection;

/** The key fetched from a real HTTP endpoint: lazy fetch, caching, rotation, rate limiting, outages. */
class WebhookSignatureKeyFetchTest {

    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final byte[] BODY = utf8("{\"event\":\"recording.statusUpdate\",\"recording\":{\"id\":\"rec-1\"}}");

    /** What the endpoint answers: the envelope body, or null for HTTP 500. */
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** Holds every answer until counted down (open unless a test replaces it). */
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final MutableClock clock = new MutableClock();
    private HttpServer server;
    private String url;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/webhooks.json", exchange -> {
            requests.incrementAndGet();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String body = answer.get();
            byte[] bytes = utf8(body == null ? "{\"success\":false}" : body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 500 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/webhooks.json?token=secret";
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    private static String envelope(KeyPair pair) throws IOException {
        return new ObjectMapper().writeValueAsString(
                Map.of("success", true, "data", Map.of("publicKey", pem(pair))));
    }

    private void serve(KeyPair pair) throws IOException {
        answer.set(envelope(pair));
    }

    private WebhookSignature fromUrl() {
        return new WebhookSignature("", url, INTERVAL, Duration.ofSeconds(2), clock);
    }

    private static Map<String, Object> signedBy(KeyPair pair) {
        return Map.of("rtk-signature", sign(pair, BODY));
    }

    private static void assertMismatch(WebhookSignature signature, KeyPair signer) {
        assertThatThrownBy(() -> signature.verify(BODY, signedBy(signer)))
                .isInstanceOfSatisfying(IntakeRejection.class, r -> {
                    assertThat(r.getStatus()).isEqualTo(401);
                    assertThat(r.getReason()).isEqualTo(WebhookSignature.MISMATCH);
                });
    }

    @Test
    void keyIsFetchedLazilyOnceAndCached() throws IOException {
        serve(A);
        WebhookSignature signature = fromUrl();
        assertThat(requests).hasValue(0);
        for (int i = 0; i < 3; i++) {
            assertThatCode(() -> signature.verify(BODY, signedBy(A))).doesNotThrowAnyException();
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void envelopeWithDoubleEscapedNewlinesWorks() throws IOException {
        answer.set(envelope(A).replace("\\n", "\\\\n"));
        assertThat(answer.get()).contains("\\\\n");
        assertThatCode(() -> fromUrl().verify(BODY, signedBy(A))).doesNotThrowAnyException();
    }

    // Issue 10: both published key locations (RealtimeKit's and Dyte's), verified against any of their keys.

    /** A second key server on its own port, serving {@code pair}'s key; stopped by the caller. */
    private static HttpServer keyServer(KeyPair pair, AtomicInteger requests) throws IOException {
        HttpServer second = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = utf8(envelope(pair));
        second.createContext("/.well-known/webhooks.json", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        second.start();
        return second;
    }

    private static String urlOf(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/webhooks.json";
    }

    @Test
    void aSignatureVerifyingWithTheKeyOfEitherUrlPasses() throws IOException {
        serve(A);
        AtomicInteger secondRequests = new AtomicInteger();
        HttpServer second = keyServer(B, secondRequests);
        try {
            WebhookSignature signature = new WebhookSignature("", url + " , " + urlOf(second), INTERVAL,
                    Duration.ofSeconds(2), clock);

            assertThatCode(() -> signature.verify(BODY, signedBy(A))).doesNotThrowAnyException();
            assertThatCode(() -> signature.verify(BODY, signedBy(B))).doesNotThrowAnyException();
            assertThat(requests).hasValue(1);
            assertThat(secondRequests).hasValue(1);
        } finally {
            second.stop(0);
        }
    }

    @Test
    void oneUrlDownDoesNotBlockVerificationWithTheOther() throws IOException {
        AtomicInteger secondRequests = new AtomicInteger();
        HttpServer up = keyServer(A, secondRequests);
        int downPort = server.getAddress().getPort();
        server.stop(0); // the first location refuses connections
        try {
            WebhookSignature signature = new WebhookSignature("", "http://127.0.0.1:" + downPort
                    + "/.well-known/webhooks.json," + urlOf(up), INTERVAL, Duration.ofSeconds(2), clock);

            assertThat(signature.keyAvailable()).isTrue();
            assertThatCode(() -> signature.verify(BODY, signedBy(A))).doesNotThrowAnyException();
            assertMismatch(signature, B);
            assertThat(secondRequests).as("one fetch, one rate-limited refetch after the mismatch").hasValue(2);
            assertMismatch(signature, B);
            assertThat(secondRequests).as("no second refetch within the interval").hasValue(2);
        } finally {
            up.stop(0);
        }
    }

    @Test
    void aKeyFromAUrlThatWasDownIsPickedUpByTheRateLimitedRefetch() throws IOException {
        answer.set(null); // the first location answers 500
        AtomicInteger secondRequests = new AtomicInteger();
        HttpServer up = keyServer(A, secondRequests);
        try {
            WebhookSignature signature = new WebhookSignature("", url + "," + urlOf(up), INTERVAL,
                    Duration.ofSeconds(2), clock);
            assertThatCode(() -> signature.verify(BODY, signedBy(A))).doesNotThrowAnyException();
            clock.advance(INTERVAL.plusSeconds(1));
            serve(B); // the first location is back, with its own key

            assertThatCode(() -> signature.verify(BODY, signedBy(B))).doesNotThrowAnyException();
            assertThatCode(() -> signature.verify(BODY, signedBy(A))).doesNotThrowAnyException();
        } finally {
            up.stop(0);
        }
    }

    @Test
    void unreachableUrlAnswers503() {
        int port = server.getAddress().getPort();
        server.stop(0);
        WebhookSignature signature = new WebhookSignature(null, "http://127.0.0.1:" + port + "/.well-known/webhooks.json",
                INTERVAL, Duration.ofSeconds(2), clock);
        assertThatThrownBy(() -> signature.verify(BODY, signedBy(A)))
                .isInstanceOfSatisfying(IntakeRejection.class, r -> {
                    assertThat(r.getStatus()).isEqualTo(503);
                    assertThat(r.getReason()).isEqualTo("the RealtimeKit signing key could not be obtained");
                });
        assertThat(signature.keyAvailable()).isFalse();
    }

    @Test
    void errorOrMalformedAnswerAnswers503AndIsRetriedOnTheNextDelivery() throws IOException {
        WebhookSignature signature = fromUrl();
        answer.set(null); // HTTP 500
        assertThatThrownBy(() -> signature.verify(BODY, signedBy(A)))
                .isInstanceOfSatisfying(IntakeRejection.class, r -> assertThat(r.getStatus()).isEqualTo(503));
        answer.set("{\"success\":true,\"data\":{\"publicKey\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\"}}");
        clock.advance(WebhookSignature.NO_KEY_RETRY);
        assertThatThrownBy(() -> signature.verify(BODY, signedBy(A)))
                .isInstanceOfSatisfying(IntakeRejection.class, r -> assertThat(r.getStatus()).isEqualTo(503));
        answer.set(envelope(A).replace("\"success\":true", "\"success\":false"));
        clock.advance(WebhookSignature.NO_KEY_RETRY);
        assertThatThrownBy(() -> signature.verify(BODY, signedBy(A)))
                .isInstanceOfSatisfying(IntakeRejection.class, r -> assertThat(r.getStatus()).isEqualTo(503));
        assertThat(requests).hasValue(3);
        serve(A);
        clock.advance(WebhookSignature.NO_KEY_RETRY);
        assertThatCode(() -> signature.verify(BODY, signedBy(A))).doesNotThrowAnyException();
        assertThat(requests).hasValue(4);
    }

    @Test
    void withoutAnyKeyTheEndpointsAreAskedAtMostOncePerNoKeyRetry() throws IOException {
        answer.set(null); // HTTP 500: no key anywhere
        WebhookSignature signature = fromUrl();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> signature.verify(BODY, signedBy(A)))
                    .isInstanceOfSatisfying(IntakeRejection.class, r -> assertThat(r.getStatus()).isEqualTo(503));
            assertThat(signature.keyAvailable()).as("readiness probe").isFalse();
        }
        assertThat(requests).as("five deliveries and five probes within the retry interval").hasValue(1);

        serve(A);
        clock.advance(WebhookSignature.NO_KEY_RETRY.minusSeconds(1));
        assertThat(signature.keyAvailable()).isFalse();
        assertThat(requests).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThatCode(() -> signature.verify(BODY, signedBy(A))).doesNotThrowAnyException();
        assertThat(requests).hasValue(2);
    }

    @Test
    void missingSignatureIsRejectedWithoutFetchingTheKey() throws IOException {
        serve(A);
        assertThatThrownBy(() -> fromUrl().verify(BODY, Map.of()))
                .isInstanceOfSatisfying(IntakeRejection.class, r -> assertThat(r.getStatus()).isEqualTo(401));
        assertThat(requests).hasValue(0);
    }

    @Test
    void rotatedKeyIsPickedUpAfterOneRefetch() throws IOException {
        serve(A);
        WebhookSignature signature = fromUrl();
        signature.verify(BODY, signedBy(A));
        serve(B);
        assertThatCode(() -> signature.verify(BODY, signedBy(B))).doesNotThrowAnyException();
        assertThat(requests).hasValue(2);
        // the new key is now cached: no more fetches, and the old key no longer passes
        signature.verify(BODY, signedBy(B));
        assertThat(requests).hasValue(2);
        assertMismatch(signature, A);
    }

    @Test
    void burstOfBadSignaturesRefetchesAtMostOncePerInterval() throws Exception {
        serve(A);
        WebhookSignature signature = fromUrl();
        signature.verify(BODY, signedBy(A));
        assertThat(requests).hasValue(1);

        KeyPair attacker = SigningKeys.generate();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < threads * 4; i++) {
                Callable<Integer> badDelivery = () -> {
                    start.await();
                    try {
                        signature.verify(BODY, signedBy(attacker));
                        return 200;
                    } catch (IntakeRejection r) {
                        return r.getStatus();
                    }
                };
                results.add(pool.submit(badDelivery));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(401);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests).hasValue(2);

        clock.advance(INTERVAL.minusSeconds(1));
        assertMismatch(signature, attacker);
        assertThat(requests).hasValue(2);

        clock.advance(Duration.ofSeconds(1));
        assertMismatch(signature, attacker);
        assertThat(requests).hasValue(3);
        assertMismatch(signature, attacker);
        assertThat(requests).hasValue(3);

        // the genuine key still works throughout
        signature.verify(BODY, signedBy(A));
        assertThat(requests).hasValue(3);
    }

    @Test
    void failedRefetchRejectsWith401AndKeepsTheCachedKey() throws IOException {
        serve(A);
        WebhookSignature signature = fromUrl();
        signature.verify(BODY, signedBy(A));
        answer.set(null); // endpoint now answers 500
        assertMismatch(signature, B);
        assertThat(requests).hasValue(2);
        assertThatCode(() -> signature.verify(BODY, signedBy(A))).doesNotThrowAnyException();
        assertThat(signature.keyAvailable()).isTrue();
    }

    @Test
    void configuredPemIsNeverRefetched() {
        WebhookSignature signature = new WebhookSignature(pem(A), url, INTERVAL, Duration.ofSeconds(2), clock);
        assertMismatch(signature, B);
        clock.advance(INTERVAL.multipliedBy(2));
        assertMismatch(signature, B);
        assertThat(signature.keyAvailable()).isTrue();
        assertThat(requests).hasValue(0);
    }

    @Test
    void keyAvailableFetchesTheKeyAndReportsOutages() throws IOException {
        answer.set(null);
        WebhookSignature signature = fromUrl();
        assertThat(signature.keyAvailable()).isFalse();
        assertThat(requests).hasValue(1);
        serve(A);
        clock.advance(WebhookSignature.NO_KEY_RETRY);
        assertThat(signature.keyAvailable()).isTrue();
        assertThat(requests).hasValue(2);
        // cached: no request, and the delivery needs no further fetch
        assertThat(signature.keyAvailable()).isTrue();
        signature.verify(BODY, signedBy(A));
        assertThat(requests).hasValue(2);
    }

    @Test
    void concurrentFirstDeliveriesShareOneFetch() throws Exception {
        serve(A);
        WebhookSignature signature = fromUrl();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    signature.verify(BODY, signedBy(A));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void concurrentDeliveriesWaitingForAFailingFetchShareItsOutcome() throws Exception {
        answer.set(null); // HTTP 500
        hold = new CountDownLatch(1);
        WebhookSignature signature = fromUrl();
        int deliveries = 8;
        List<Thread> workers = new ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < deliveries; i++) {
            workers.add(new Thread(() -> {
                try {
                    signature.verify(BODY, signedBy(A));
                    statuses.add(200);
                } catch (IntakeRejection r) {
                    statuses.add(r.getStatus());
                }
            }));
        }
        workers.forEach(Thread::start);
        // one worker is inside the fetch, held by the server; wait until all others queue on the lock
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (requests.get() < 1
                || workers.stream().filter(w -> w.getState() == Thread.State.BLOCKED).count() < deliveries - 1) {
            assertThat(System.nanoTime()).as("workers queued on the fetch").isLessThan(deadline);
            Thread.onSpinWait();
        }
        hold.countDown();
        for (Thread worker : workers) {
            worker.join(180_000);
        }
        assertThat(statuses).hasSize(deliveries).containsOnly(503);
        assertThat(requests).hasValue(1);
    }
}
