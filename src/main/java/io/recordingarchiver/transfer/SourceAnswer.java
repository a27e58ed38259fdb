package io.recordingarchiver.transfer;

import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * One answer of the download source, headers read, body not yet: its status, {@code Content-Length},
 * {@code Content-Range}, {@code Content-Encoding} and the digests it names. {@link #close()} drops
 * the connection unless the body was read to its end (then {@link #finish()} hands it back).
 */
public final class SourceAnswer implements AutoCloseable {

    private final ClassicHttpResponse response;
    private final String rangeAsked;
    private InputStream body;

    SourceAnswer(ClassicHttpResponse response, String rangeAsked) {
        this.response = response;
        this.rangeAsked = rangeAsked;
    }

    public int status() {
        return response.getCode();
    }

    /** The Range header sent, or null. */
    public String rangeAsked() {
        return rangeAsked;
    }

    /** The announced body length, or null when the answer has none (chunked). */
    public Long contentLength() {
        String value = header("Content-Length");
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The parsed {@code Content-Range}, or null. */
    public ContentRange contentRange() {
        return ContentRange.parse(header("Content-Range"));
    }

    /** The raw {@code Content-Range} header, or null. */
    public String contentRangeHeader() {
        return header("Content-Range");
    }

    /** The {@code Content-Encoding}, or null. The body is never decoded: its bytes are the file's. */
    public String contentEncoding() {
        return header("Content-Encoding");
    }

    /** The digests this answer names; {@code wholeFile} when its body is the whole file. */
    public SourceDigests digests(boolean wholeFile) {
        return SourceDigests.of(this::header, wholeFile);
    }

    /** A header's value, or null. */
    public String header(String name) {
        Header h = response.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    /** The body, exactly as sent (no content decoding). */
    public synchronized InputStream body() throws IOException {
        if (body == null) {
            body = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
        }
        return body;
    }

    /**
     * Ends an answer whose body was read to its announced end: closing the body at its end hands the
     * connection back to the pool for the next range (a TLS handshake saved per part).
     */
    public void finish() {
        try {
            body().close();
        } catch (IOException alreadyBroken) {
            // then close() drops it
        }
        close();
    }

    /**
     * Drops the connection unless the body was read to its end. Closing HttpClient's response as is
     * would first read (and throw away) the rest of the body to reuse the connection: gigabytes, and
     * a shutdown waiting for them.
     */
    @Override
    public void close() {
        try {
            if (body() instanceof EofSensorInputStream sensor) {
                sensor.abort();
            }
        } catch (IOException alreadyBroken) {
            // the connection is gone either way
        }
        try {
            response.close();
        } catch (IOException alreadyBroken) {
            // the connection is gone either way
        }
    }
}
