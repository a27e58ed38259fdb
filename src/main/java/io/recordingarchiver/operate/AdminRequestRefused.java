package io.recordingarchiver.operate;

/** An admin call that cannot be carried out as asked: the HTTP status to answer and one sentence. */
public class AdminRequestRefused extends RuntimeException {

    private final int status;

    public AdminRequestRefused(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** The HTTP status to answer, e.g. 400 or 409. */
    public int getStatus() {
        return status;
    }

    /** The one-sentence reason, safe to log and to send back. */
    public String getReason() {
        return getMessage();
    }
}
