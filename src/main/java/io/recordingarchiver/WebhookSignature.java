package io.recordingarchiver;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the signature of a RealtimeKit webhook delivery: RSA PKCS#1 v1.5 with SHA-256
 * ({@code SHA256withRSA}) over the raw body bytes exactly as received, base64 in the header
 * {@code rtk-signature} or {@code dyte-signature} (names case-insensitive).
 *
 * <p><b>Key.</b> Either a configured PEM (never refetched) or a key fetched lazily from
 * {@code publicKeyUrl} (the {@code {"success":true,"data":{"publicKey":"..."}}} envelope) on the
 * first {@link #verify} or {@link #keyAvailable()} and cached. Concurrent first fetches are
 * coalesced into one request.
 *
 * <p><b>Rotation.</b> When a signature does not verify against the cached fetched key, the key is
 * fetched again and the signature checked once more with the new key. Such refetches happen at
 * most once per {@code refetchInterval} (a burst of bad signatures, e.g. from an attacker, costs
 * one request per interval); concurrent failures wait for that one refetch instead of starting
 * their own. Within the interval a mismatch is rejected with 401 straight away. <b>If the refetch
 * itself fails, the delivery is rejected with 401</b>, not 503: the cached key, the best knowledge
 * we have, says the signature is wrong, and answering 503 would ask for retries of any junk
 * request while the key endpoint is down. The price is that a genuine delivery
 * signed with a rotated key during a key-endpoint outage is lost (RealtimeKit does not retry 4xx).
 *
 * <p><b>Answers.</b> {@link IntakeRejection} 401 for a missing, duplicated, undecodable or wrong
 * signature; 503 when no key is cached and none can be fetched (RealtimeKit retries 5xx). Messages
 * never contain the signature, the key or a URL query.
 *
 * <p>Thread-safe: the key is published through a volatile field, fetches are serialised on one
 * lock, and a {@link Signature} is created per check. The fast path (valid signature, key cached)
 * takes no lock.
 */
public class WebhookSignature {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSignature.class);

    static final String MISSING = "the delivery carries no rtk-signature header";
    static final String DUPLICATED = "the delivery carries more than one signature header";
    static final String EMPTY = "the signature header is empty";
    static final String NOT_BASE64 = "the signature header is not valid base64";
    static final String MISMATCH = "the signature does not match the body";
    static final String NO_KEY = "the RealtimeKit signing key could not be obtained";

    private static final Duration DEFAULT_REFETCH_INTERVAL = Duration.ofMinutes(1);
    private static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ENVELOPE_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublicKey configuredKey;
    private final URI publicKeyUrl;
    private final String loggableUrl;
    private final Duration refetchInterval;
    private final Duration fetchTimeout;
    private final Clock clock;
    private final HttpClient http;

    private final Object fetchLock = new Object();
    /** The fetched key; written only under {@link #fetchLock}. */
    private volatile PublicKey fetchedKey;
    /** Number of fetch attempts finished, to let threads that waited for someone else's fetch share its outcome. */
    private volatile long fetchesDone;
    /** When the last refetch after a failed verification started; guarded by {@link #fetchLock}. */
    private Instant lastRefetch;

    /**
     * @param publicKeyPem PEM text of the RSA public key ({@code -----BEGIN PUBLIC KEY-----}); when
     *     blank the key is fetched from {@code publicKeyUrl}
     * @param publicKeyUrl the RealtimeKit key endpoint, used only when no PEM is configured
     * @param refetchInterval minimum time between two refetches of the key after a failed
     *     verification; null means 1 minute
     * @param fetchTimeout connect and request timeout of a key fetch; null means 5 seconds
     * @throws IllegalArgumentException when the PEM is invalid, or neither PEM nor a valid http(s)
     *     URL is configured, or a duration is negative
     */
    public WebhookSignature(String publicKeyPem, String publicKeyUrl, Duration refetchInterval, Duration fetchTimeout) {
        this(publicKeyPem, publicKeyUrl, refetchInterval, fetchTimeout, Clock.systemUTC());
    }

    /** As the public constructor, with the clock that rate-limits refetches (for tests). */
    WebhookSignature(String publicKeyPem, String publicKeyUrl, Duration refetchInterval, Duration fetchTimeout,
            Clock clock) {
        this.clock = clock;
        this.refetchInterval = nonNegative(refetchInterval, DEFAULT_REFETCH_INTERVAL, "refetchInterval");
        this.fetchTimeout = positive(fetchTimeout, DEFAULT_FETCH_TIMEOUT, "fetchTimeout");
        if (publicKeyPem != null && !publicKeyPem.isBlank()) {
            try {
                this.configuredKey = PublicKeyPem.parse(publicKeyPem);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid configured RealtimeKit public key: " + e.getMessage());
            }
            this.publicKeyUrl = null;
            this.loggableUrl = null;
            this.http = null;
        } else {
            if (publicKeyUrl == null || publicKeyUrl.isBlank()) {
                throw new IllegalArgumentException("Neither a RealtimeKit public key PEM nor a public key URL is configured");
            }
            this.configuredKey = null;
            this.publicKeyUrl = httpUri(publicKeyUrl.strip());
            this.loggableUrl = this.publicKeyUrl.getScheme() + "://" + this.publicKeyUrl.getRawAuthority()
                    + (this.publicKeyUrl.getRawPath() == null ? "" : this.publicKeyUrl.getRawPath());
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
     * @throws IntakeRejection 401 for a missing, duplicated, undecodable or wrong signature; 503
     *     when the public key cannot be obtained
     */
    public void verify(byte[] body, Map<String, Object> headers) {
        byte[] signature = signatureFrom(headers);
        byte[] data = body == null ? new byte[0] : body;
        PublicKey key = currentKey();
        if (matches(key, data, signature)) {
            return;
        }
        if (configuredKey == null) {
            PublicKey newer = refetchAfterMismatch(key);
            if (newer != null && matches(newer, data, signature)) {
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
            return currentKey() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The one base64 signature of the headers, decoded, or a 401. */
    private static byte[] signatureFrom(Map<String, Object> headers) {
        List<String> values = new ArrayList<>(1);
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
        // a proxy may fold a repeated header into one "a, b" value; base64 never contains a comma
        if (values.size() > 1 || values.get(0).indexOf(',') >= 0) {
            throw new IntakeRejection(401, DUPLICATED);
        }
        String value = values.get(0).strip();
        if (value.isEmpty()) {
            throw new IntakeRejection(401, EMPTY);
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IntakeRejection(401, NOT_BASE64);
        }
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

    /** The configured or cached key, fetching it (once for all concurrent callers) if needed; 503 if none. */
    private PublicKey currentKey() {
        if (configuredKey != null) {
            return configuredKey;
        }
        PublicKey key = fetchedKey;
        if (key != null) {
            return key;
        }
        long seen = fetchesDone;
        synchronized (fetchLock) {
            // someone else fetched while we waited for the lock: share their outcome
            if (fetchedKey == null && fetchesDone == seen) {
                PublicKey fetched = fetch();
                if (fetched != null) {
                    fetchedKey = fetched;
                }
            }
            if (fetchedKey == null) {
                throw new IntakeRejection(503, NO_KEY);
            }
            return fetchedKey;
        }
    }

    /**
     * After {@code rejected} did not verify a signature: the key to try once more, or null when
     * there is none (refetch rate-limited, failed, or returned the same key).
     */
    private PublicKey refetchAfterMismatch(PublicKey rejected) {
        synchronized (fetchLock) {
            if (fetchedKey != rejected) {
                return fetchedKey; // rotated by a concurrent delivery meanwhile
            }
            Instant now = clock.instant();
            if (lastRefetch != null && now.isBefore(lastRefetch.plus(refetchInterval))) {
                return null;
            }
            lastRefetch = now;
            PublicKey fetched = fetch();
            if (fetched == null || Arrays.equals(fetched.getEncoded(), rejected.getEncoded())) {
                return null;
            }
            fetchedKey = fetched;
            return fetched;
        }
    }

    /** One GET of the key endpoint; null on any failure. Call only under {@link #fetchLock}. */
    private PublicKey fetch() {
        try {
            return fetchOnce();
        } finally {
            fetchesDone++;
        }
    }

    private PublicKey fetchOnce() {
        try {
            HttpRequest request = HttpRequest.newBuilder(publicKeyUrl)
                    .timeout(fetchTimeout)
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.warn("Could not fetch the RealtimeKit public key from {}: HTTP {}", loggableUrl, response.statusCode());
                return null;
            }
            if (response.body().length > MAX_ENVELOPE_BYTES) {
                LOG.warn("Could not fetch the RealtimeKit public key from {}: answer too large", loggableUrl);
                return null;
            }
            JsonNode envelope = JSON.readTree(response.body());
            if (envelope == null || !envelope.path("success").asBoolean(false)
                    || !envelope.path("data").path("publicKey").isTextual()) {
                LOG.warn("Could not fetch the RealtimeKit public key from {}: unexpected answer", loggableUrl);
                return null;
            }
            PublicKey key = PublicKeyPem.parse(envelope.path("data").path("publicKey").textValue());
            LOG.info("Fetched the RealtimeKit public key from {}", loggableUrl);
            return key;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            // the exception message may quote the answer; name its type only
            LOG.warn("Could not fetch the RealtimeKit public key from {}: {}", loggableUrl, e.getClass().getSimpleName());
            return null;
        }
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
