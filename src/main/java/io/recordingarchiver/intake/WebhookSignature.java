package io.recordingarchiver.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.recordingarchiver.event.IntakeRejection;

/**
 * Checks the signature of a RealtimeKit webhook delivery: RSA PKCS#1 v1.5 with SHA-256
 * ({@code SHA256withRSA}) over the raw body bytes exactly as received, base64 in the header
 * {@code rtk-signature} or {@code dyte-signature} (names case-insensitive).
 *
 * <p><b>Several signatures.</b> A sender in the middle of a header rename sends both headers, and
 * a proxy may fold a repeated header into one {@code "a, b"} value (base64 never holds a comma).
 * The delivery verifies when <b>any one</b> of its signatures verifies with any known key; the
 * others are ignored.
 *
 * <p><b>Keys.</b> Either a configured PEM (never refetched) or the keys published at one or more
 * URLs (issue 10: RealtimeKit's {@code https://api.realtime.cloudflare.com/.well-known/webhooks.json}
 * and Dyte's older {@code https://api.dyte.io/.well-known/webhooks.json}; no source says both serve
 * the same key), each answering the {@code {"success":true,"data":{"publicKey":"..."}}} envelope.
 * They are fetched lazily, all at once in parallel, on the first {@link #verify} or
 * {@link #keyAvailable()} and cached; a signature verifying with any of them is valid. A URL that
 * is down does not block the others: its key is simply missing until a later fetch. Concurrent
 * first fetches are coalesced into one, and while no URL gave a key they are tried again at most
 * every {@link #NO_KEY_RETRY} (10 s; 503 in between).
 *
 * <p><b>Rotation.</b> When no signature verifies against the cached keys, all URLs are fetched
 * again and the signatures checked once more with the new keys. Such refetches happen at most once
 * per {@code refetchInterval} (a burst of bad signatures, e.g. from an attacker, costs one request
 * per URL per interval); concurrent failures wait for that one refetch instead of starting their
 * own. Within the interval a mismatch is rejected with 401 straight away. <b>If the refetch itself
 * fails, the delivery is rejected with 401</b>, not 503: the cached keys, the best knowledge we
 * have, say the signature is wrong, and answering 503 would ask for retries of any junk request
 * while the key endpoints are down.
 *
 * <p><b>Answers.</b> {@link IntakeRejection} 401 for a missing, undecodable or wrong signature;
 * 503 when no key is cached and none can be fetched (RealtimeKit retries 5xx). Messages never
 * contain the signature, the key or a URL query.
 *
 * <p>Thread-safe: the keys are published through a volatile field, fetches are serialised on one
 * lock, and a {@link Signature} is created per check. The fast path (valid signature, keys cached)
 * takes no lock.
 */
public class WebhookSignature {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSignature.class);

    static final String MISSING = "the delivery carries no rtk-signature header";
    static final String EMPTY = "the signature header is empty";
    static final String NOT_BASE64 = "the signature header is not valid base64";
    static final String MISMATCH = "the signature does not match the body";
    static final String NO_KEY = "the RealtimeKit signing key could not be obtained";

    /** Where RealtimeKit and Dyte publish the webhook key, the default of {@code archiver.webhook.public-key-urls}. */
    public static final String DEFAULT_KEY_URLS = "https://api.realtime.cloudflare.com/.well-known/webhooks.json,"
            + "https://api.dyte.io/.well-known/webhooks.json";

    private static final Duration DEFAULT_REFETCH_INTERVAL = Duration.ofMinutes(1);
    /**
     * While no key could be obtained (the endpoints down or refusing), the least time between two
     * fetches: deliveries meanwhile get 503 (RealtimeKit retries), readiness stays DOWN.
     */
    static final Duration NO_KEY_RETRY = Duration.ofSeconds(10);
    private static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ENVELOPE_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublicKey configuredKey;
    private final List<URI> publicKeyUrls;
    private final Duration refetchInterval;
    private final Duration fetchTimeout;
    private final Clock clock;
    private final HttpClient http;

    private final Object fetchLock = new Object();
    /** The fetched keys, never null, empty until a fetch got one; written only under {@link #fetchLock}. */
    private volatile List<PublicKey> fetchedKeys = List.of();
    /** Number of fetch attempts finished, to let threads that waited for someone else's fetch share its outcome. */
    private volatile long fetchesDone;
    /** When the last refetch after a failed verification started; guarded by {@link #fetchLock}. */
    private Instant lastRefetch;
    /** When the last fetch that obtained no key at all ended (null once one did); guarded by {@link #fetchLock}. */
    private Instant lastEmptyFetch;
    /** While no key is known: the least time between two fetches ({@link #NO_KEY_RETRY}, at most the refetch interval). */
    private final Duration noKeyRetry;

    /**
     * @param publicKeyPem PEM text of the RSA public key ({@code -----BEGIN PUBLIC KEY-----}); when
     *     blank the keys are fetched from {@code publicKeyUrls}
     * @param publicKeyUrls the key endpoints, comma-separated (one or more), used only when no PEM
     *     is configured
     * @param refetchInterval minimum time between two refetches of the keys after a failed
     *     verification; null means 1 minute
     * @param fetchTimeout connect and request timeout of a key fetch; null means 5 seconds
     * @throws IllegalArgumentException when the PEM is invalid, or neither PEM nor a valid http(s)
     *     URL is configured, or a duration is negative
     */
    public WebhookSignature(String publicKeyPem, String publicKeyUrls, Duration refetchInterval, Duration fetchTimeout) {
        this(publicKeyPem, publicKeyUrls, refetchInterval, fetchTimeout, Clock.systemUTC());
    }

    /** As the public constructor, with the clock that rate-limits refetches (for tests). */
    WebhookSignature(String publicKeyPem, String publicKeyUrls, Duration refetchInterval, Duration fetchTimeout,
            Clock clock) {
        this.clock = clock;
        this.refetchInterval = nonNegative(refetchInterval, DEFAULT_REFETCH_INTERVAL, "refetchInterval");
        this.noKeyRetry = this.refetchInterval.compareTo(NO_KEY_RETRY) < 0 ? this.refetchInterval : NO_KEY_RETRY;
        this.fetchTimeout = positive(fetchTimeout, DEFAULT_FETCH_TIMEOUT, "fetchTimeout");
        if (publicKeyPem != null && !publicKeyPem.isBlank()) {
            try {
                this.configuredKey = PublicKeyPem.parse(publicKeyPem);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid configured RealtimeKit public key: " + e.getMessage());
            }
            this.publicKeyUrls = List.of();
            this.http = null;
        } else {
            List<URI> urls = new ArrayList<>();
            for (String url : publicKeyUrls == null ? new String[0] : publicKeyUrls.split(",")) {
                if (!url.isBlank()) {
                    urls.add(httpUri(url.strip()));
                }
            }
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("Neither a RealtimeKit public key PEM nor a public key URL is configured");
            }
            this.configuredKey = null;
            this.publicKeyUrls = List.copyOf(urls);
            this.http = HttpClient.newBuilder()
                    .connectTimeout(this.fetchTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
    }

    /**
     * Verifies the delivery.
     *
     * @param body the raw request body exactly as received (null is treated as empty)
     * @param headers the request headers; keys are matched case-insensitively, a value may be a
     *     String or a Collection (a header sent several times)
     * @throws IntakeRejection 401 for a missing, undecodable or wrong signature; 503 when no public
     *     key can be obtained
     */
    public void verify(byte[] body, Map<String, Object> headers) {
        List<byte[]> signatures = signaturesFrom(headers);
        byte[] data = body == null ? new byte[0] : body;
        List<PublicKey> keys = currentKeys();
        if (matchesAny(keys, data, signatures)) {
            return;
        }
        if (configuredKey == null) {
            List<PublicKey> newer = refetchAfterMismatch(keys);
            if (newer != null && matchesAny(newer, data, signatures)) {
                return;
            }
        }
        throw new IntakeRejection(401, MISMATCH);
    }

    /**
     * True when a key is configured, cached, or can be fetched now (for a readiness check). May
     * perform one fetch (bounded by the fetch timeout); never throws.
     */
    public boolean keyAvailable() {
        try {
            return !currentKeys().isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Every decodable base64 signature of the headers, or a 401 when there is none. */
    private static List<byte[]> signaturesFrom(Map<String, Object> headers) {
        List<String> values = new ArrayList<>(2);
        if (headers != null) {
            for (Map.Entry<String, Object> header : headers.entrySet()) {
                String name = header.getKey();
                if (name != null && (name.equalsIgnoreCase("rtk-signature") || name.equalsIgnoreCase("dyte-signature"))) {
                    addValues(header.getValue(), values);
                }
            }
        }
        if (values.isEmpty()) {
            throw new IntakeRejection(401, MISSING);
        }
        List<byte[]> signatures = new ArrayList<>(values.size());
        boolean any = false;
        for (String value : values) {
            // a proxy may fold a repeated header into one "a, b" value; base64 never contains a comma
            for (String one : value.split(",")) {
                String signature = one.strip();
                if (signature.isEmpty()) {
                    continue;
                }
                any = true;
                try {
                    signatures.add(Base64.getDecoder().decode(signature));
                } catch (IllegalArgumentException e) {
                    // not this one; another header may carry a valid signature
                }
            }
        }
        if (!any) {
            throw new IntakeRejection(401, EMPTY);
        }
        if (signatures.isEmpty()) {
            throw new IntakeRejection(401, NOT_BASE64);
        }
        return signatures;
    }

    private static void addValues(Object value, List<String> values) {
        if (value instanceof Collection<?> many) {
            for (Object one : many) {
                addValues(one, values);
            }
        } else if (value instanceof Object[] many) {
            for (Object one : many) {
                addValues(one, values);
            }
        } else if (value != null) {
            values.add(value.toString());
        }
    }

    private static boolean matchesAny(List<PublicKey> keys, byte[] data, List<byte[]> signatures) {
        for (PublicKey key : keys) {
            for (byte[] signature : signatures) {
                if (matches(key, data, signature)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // e.g. a signature of the wrong length: it does not match
            return false;
        }
    }

    /** The configured or cached keys, fetching them (once for all concurrent callers) if needed; 503 if none. */
    private List<PublicKey> currentKeys() {
        if (configuredKey != null) {
            return List.of(configuredKey);
        }
        List<PublicKey> keys = fetchedKeys;
        if (!keys.isEmpty()) {
            return keys;
        }
        long seen = fetchesDone;
        synchronized (fetchLock) {
            Instant now = clock.instant();
            // someone else fetched while we waited for the lock: share their outcome; and while no key
            // could be obtained, ask again at most every NO_KEY_RETRY (each delivery and readiness probe
            // would otherwise fetch every URL and log a WARN each, for as long as the endpoints are down)
            if (fetchedKeys.isEmpty() && fetchesDone == seen
                    && (lastEmptyFetch == null || !now.isBefore(lastEmptyFetch.plus(noKeyRetry)))) {
                fetchedKeys = fetch();
                lastEmptyFetch = fetchedKeys.isEmpty() ? clock.instant() : null;
            }
            if (fetchedKeys.isEmpty()) {
                throw new IntakeRejection(503, NO_KEY);
            }
            return fetchedKeys;
        }
    }

    /**
     * After {@code rejected} did not verify a signature: the keys to try once more, or null when
     * there are none (refetch rate-limited, failed, or returned no key that was not known).
     */
    private List<PublicKey> refetchAfterMismatch(List<PublicKey> rejected) {
        synchronized (fetchLock) {
            if (fetchedKeys != rejected) {
                return fetchedKeys; // rotated by a concurrent delivery meanwhile
            }
            Instant now = clock.instant();
            if (lastRefetch != null && now.isBefore(lastRefetch.plus(refetchInterval))) {
                return null;
            }
            lastRefetch = now;
            List<PublicKey> fetched = fetch();
            boolean anyNew = fetched.stream().anyMatch(key -> rejected.stream()
                    .noneMatch(known -> Arrays.equals(known.getEncoded(), key.getEncoded())));
            if (!anyNew) {
                return null;
            }
            fetchedKeys = fetched;
            return fetched;
        }
    }

    /** One GET of every key endpoint, in parallel; the distinct keys obtained (maybe none). Call only under {@link #fetchLock}. */
    private List<PublicKey> fetch() {
        try {
            List<CompletableFuture<PublicKey>> pending = new ArrayList<>();
            for (URI url : publicKeyUrls) {
                pending.add(fetchOnce(url));
            }
            List<PublicKey> keys = new ArrayList<>();
            for (CompletableFuture<PublicKey> one : pending) {
                PublicKey key = one.join();
                if (key != null && keys.stream().noneMatch(k -> Arrays.equals(k.getEncoded(), key.getEncoded()))) {
                    keys.add(key);
                }
            }
            return List.copyOf(keys);
        } finally {
            fetchesDone++;
        }
    }

    private CompletableFuture<PublicKey> fetchOnce(URI url) {
        String loggable = loggable(url);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(fetchTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> keyFrom(response, loggable))
                .exceptionally(e -> {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    // the exception message may quote the answer; name its type only
                    LOG.warn("Could not fetch the RealtimeKit public key from {}: {}", loggable,
                            cause.getClass().getSimpleName());
                    return null;
                });
    }

    private static PublicKey keyFrom(HttpResponse<byte[]> response, String loggable) {
        if (response.statusCode() != 200) {
            LOG.warn("Could not fetch the RealtimeKit public key from {}: HTTP {}", loggable, response.statusCode());
            return null;
        }
        if (response.body().length > MAX_ENVELOPE_BYTES) {
            LOG.warn("Could not fetch the RealtimeKit public key from {}: answer too large", loggable);
            return null;
        }
        try {
            JsonNode envelope = JSON.readTree(response.body());
            if (envelope == null || !envelope.path("success").asBoolean(false)
                    || !envelope.path("data").path("publicKey").isTextual()) {
                LOG.warn("Could not fetch the RealtimeKit public key from {}: unexpected answer", loggable);
                return null;
            }
            PublicKey key = PublicKeyPem.parse(envelope.path("data").path("publicKey").textValue());
            LOG.info("Fetched the RealtimeKit public key from {}", loggable);
            return key;
        } catch (Exception e) {
            LOG.warn("Could not fetch the RealtimeKit public key from {}: {}", loggable, e.getClass().getSimpleName());
            return null;
        }
    }

    private static String loggable(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private static URI httpUri(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The RealtimeKit public key URL is not a valid URI");
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null
                || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
            throw new IllegalArgumentException("The RealtimeKit public key URL must be an absolute http(s) URL");
        }
        return uri;
    }

    private static Duration nonNegative(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        Duration d = nonNegative(value, fallback, name);
        if (d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
