package io.recordingarchiver.event;

/**
 * A webhook delivery the archiver refuses, with the HTTP status that tells RealtimeKit whether to
 * retry (4xx: never, 5xx: yes) and one sentence that says what was wrong. The sentence is sent
 * back in the error body and logged, so it never contains a signature, a URL query or a secret.
 */
public class IntakeRejection extends RuntimeException {

    private final int status;

    public IntakeRejection(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public IntakeRejection(int status, String reason, Throwable cause) {
        super(reason, cause, false, false);
        this.status = status;
    }

    /** The HTTP status to answer with. */
    public int getStatus() {
        return status;
    }

    /** The one-sentence reason, safe to log and to send back. */
    public String getReason() {
        return getMessage();
    }
}
