package io.recordingarchiver.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues presigned-style file URLs and checks them: each URL carries a random token the stand-in
 * remembers together with the file it grants and its expiry, so a tampered query gains nothing.
 */
final class PresignedLinks {

    /** The outcome of checking a token presented for a file. */
    enum Verdict { VALID, UNKNOWN, EXPIRED }

    static final String SIGNATURE_PARAM = "X-Amz-Signature";

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private record Grant(String fileName, Instant expiry) {
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final String serverUrl;

    PresignedLinks(Clock clock, String serverUrl) {
        this.clock = clock;
        this.serverUrl = serverUrl;
    }

    /** A URL that grants GET and HEAD of {@code fileName} until {@code expiry}. */
    String issue(String fileName, Instant expiry) {
        Instant now = clock.instant();
        String token = newToken();
        grants.put(token, new Grant(fileName, expiry));
        long expiresSeconds = Math.max(0, Duration.between(now, expiry).toSeconds());
        return serverUrl + FileHandler.PATH + encode(fileName)
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Date=" + AMZ_DATE.format(now)
                + "&X-Amz-Expires=" + expiresSeconds
                + "&X-Amz-SignedHeaders=host"
                + "&" + SIGNATURE_PARAM + "=" + token
                + "&expiry=" + expiry.getEpochSecond();
    }

    Verdict check(String fileName, String token) {
        Grant grant = token == null ? null : grants.get(token);
        if (grant == null || !grant.fileName().equals(fileName)) {
            return Verdict.UNKNOWN;
        }
        return clock.instant().isBefore(grant.expiry()) ? Verdict.VALID : Verdict.EXPIRED;
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
