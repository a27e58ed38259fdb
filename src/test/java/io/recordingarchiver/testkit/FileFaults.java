package io.recordingarchiver.testkit;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** Faults injected into the serving of one file; each one-shot fault is consumed by the GET it hits. */
final class FileFaults {

    private int pendingFailures;
    private int failureStatus;
    private long cutAfterBytes = -1;
    private volatile boolean ignoreRange;
    private volatile long bytesPerSecond;
    private long holdAfterBytes = -1;
    private java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    private java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    synchronized void failNext(int count, int status) {
        pendingFailures = count;
        failureStatus = status;
    }

    /** The status the current GET must fail with, if a failure is pending; consumes it. */
    synchronized OptionalInt takeFailure() {
        if (pendingFailures <= 0) {
            return OptionalInt.empty();
        }
        pendingFailures--;
        return OptionalInt.of(failureStatus);
    }

    synchronized void cutNextAfter(long bytes) {
        cutAfterBytes = bytes;
    }

    /** How many body bytes the current GET may send before the connection drops, if a cut is pending; consumes it. */
    synchronized OptionalLong takeCut() {
        if (cutAfterBytes < 0) {
            return OptionalLong.empty();
        }
        long bytes = cutAfterBytes;
        cutAfterBytes = -1;
        return OptionalLong.of(bytes);
    }

    void ignoreRange(boolean ignore) {
        ignoreRange = ignore;
    }

    boolean ignoresRange() {
        return ignoreRange;
    }

    /**
     * The first GET (one in flight included) that has sent {@code bytes} body bytes of the file
     * waits there until {@link #release()}.
     */
    synchronized void holdNextAfter(long bytes) {
        holdAfterBytes = bytes;
        held = new java.util.concurrent.CountDownLatch(1);
        release = new java.util.concurrent.CountDownLatch(1);
    }

    /** Whether a GET that has sent {@code sent} bytes must stop and wait now; consumes the hold. */
    synchronized boolean takeHold(long sent) {
        if (holdAfterBytes < 0 || sent < holdAfterBytes) {
            return false;
        }
        holdAfterBytes = -1;
        return true;
    }

    /** Called by the GET that reached the hold: blocks until released (or the stand-in stops). */
    void waitAtHold() throws java.io.InterruptedIOException {
        java.util.concurrent.CountDownLatch release;
        synchronized (this) {
            held.countDown();
            release = this.release;
        }
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("stand-in stopped while holding a download");
        }
    }

    /** Whether a GET is waiting at the hold now or has waited there. */
    synchronized boolean reachedHold() {
        return held.getCount() == 0;
    }

    /** Lets the GET held at the hold go on, and cancels a hold no GET reached yet. */
    synchronized void release() {
        holdAfterBytes = -1;
        release.countDown();
    }

    /** Each GET of the file sends at most {@code rate} body bytes per second; 0 for no limit. */
    void throttle(long rate) {
        bytesPerSecond = rate;
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * Ways a source answers a Range request wrongly, as real servers do (a CDN or proxy that drops
     * ranges but keeps the header, an off-by-some cache, a changed object): see
     * /work/shared/CAMEL-NOTES.md "Traps found in turn 2" and RFC 9110 section 15.3.7.
     */
    enum RangeFault {
        /** Correct 206 answers. */
        NONE,
        /** 200 with only the asked slice as body, and a Content-Range for it. */
        SLICE_AS_200,
        /** 206 whose Content-Range (and body) start {@code bytes} before the asked offset. */
        STARTS_EARLIER,
        /** 206 with the right bytes but a Content-Range total {@code bytes} too large. */
        WRONG_TOTAL
    }

    private volatile RangeFault rangeFault = RangeFault.NONE;
    private volatile long rangeFaultBytes;
    private volatile String contentEncoding;
    private volatile boolean sendDigests;
    private volatile String wrongEtag;
    private volatile String wrongContentMd5;

    void rangeFault(RangeFault fault, long bytes) {
        rangeFault = fault;
        rangeFaultBytes = bytes;
    }

    RangeFault rangeFault() {
        return rangeFault;
    }

    long rangeFaultBytes() {
        return rangeFaultBytes;
    }

    /** Every answer carries {@code Content-Encoding: encoding} (null: none); the bytes stay as stored. */
    void contentEncoding(String encoding) {
        contentEncoding = encoding;
    }

    String contentEncoding() {
        return contentEncoding;
    }

    /** Whether answers carry the file's digests as S3 does (ETag = hex MD5 of the single-part object). */
    void sendDigests(boolean send) {
        sendDigests = send;
    }

    boolean sendsDigests() {
        return sendDigests;
    }

    /** The ETag and Content-MD5 to send instead of the true ones (null: the true ones). */
    void wrongDigests(String etag, String contentMd5) {
        wrongEtag = etag;
        wrongContentMd5 = contentMd5;
        sendDigests = true;
    }

    String wrongEtag() {
        return wrongEtag;
    }

    String wrongContentMd5() {
        return wrongContentMd5;
    }
}
