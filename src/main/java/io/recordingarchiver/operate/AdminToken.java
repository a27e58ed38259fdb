package io.recordingarchiver.operate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token that guards the admin endpoints ({@code archiver.admin.token}). With no token
 * configured the admin surface is disabled and every request is refused. Tokens are compared in
 * constant time (digests of both sides, so neither content nor length leaks through timing), and
 * no message ever quotes what was sent.
 */
public class AdminToken {

    static final String MISSING = "an Authorization: Bearer <token> header is required";
    static final String WRONG = "the admin token is not valid";
    static final String DISABLED = "the admin API is disabled: set archiver.admin.token"
            + " (environment variable ARCHIVER_ADMIN_TOKEN) to a secret and restart to enable it";

    private static final String BEARER = "bearer ";

    private final byte[] expectedDigest;

    /** @param token the configured token; null or blank disables the admin API */
    public AdminToken(String token) {
        this.expectedDigest = token == null || token.isBlank() ? null : digest(token.strip());
    }

    /** True when a token is configured. */
    public boolean enabled() {
        return expectedDigest != null;
    }

    /**
     * For the read-only status API and page: open while no token is configured, and once one is,
     * exactly as {@link #check}.
     */
    public void checkReader(String authorizationHeader) {
        if (enabled()) {
            check(authorizationHeader);
        }
    }

    /**
     * Lets a request through when its {@code Authorization} header carries the configured token.
     *
     * @throws AdminAccessDenied 401 when the header is missing or not a bearer token; 403 when the
     *     token is wrong or the admin API is disabled
     */
    public void check(String authorizationHeader) {
        if (expectedDigest == null) {
            throw new AdminAccessDenied(403, DISABLED);
        }
        if (authorizationHeader == null || authorizationHeader.length() <= BEARER.length()
                || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new AdminAccessDenied(401, MISSING);
        }
        byte[] presented = digest(authorizationHeader.substring(BEARER.length()).strip());
        if (!MessageDigest.isEqual(expectedDigest, presented)) {
            throw new AdminAccessDenied(403, WRONG);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[" + (enabled() ? "enabled" : "disabled") + "]";
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A refused admin request: the HTTP status to answer (401 or 403) and one sentence, never the token. */
    public static class AdminAccessDenied extends RuntimeException {

        private final int status;

        AdminAccessDenied(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        /** 401 (no credentials) or 403 (wrong credentials, or admin API disabled). */
        public int getStatus() {
            return status;
        }

        /** The one-sentence reason, safe to log and to send back. */
        public String getReason() {
            return getMessage();
        }
    }
}
