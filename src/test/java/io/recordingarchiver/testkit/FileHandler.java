package io.recordingarchiver.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Serves {@code GET|HEAD /files/{name}} like a presigned object-store URL: 403 without a valid
 * unexpired token, Range support, and the faults injected through {@link FileFaults}.
 */
final class FileHandler implements HttpHandler {

    static final String PATH = "/files/";

    private final FileCatalog catalog;
    private final PresignedLinks links;

    FileHandler(FileCatalog catalog, PresignedLinks links) {
        this.catalog = catalog;
        this.links = links;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            sendS3Error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed");
            return;
        }
        String name = exchange.getRequestURI().getPath().substring(PATH.length());
        Optional<ServedFile> found = catalog.find(name);
        if (found.isEmpty()) {
            sendS3Error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        ServedFile served = found.get();
        String rangeHeader = exchange.getRequestHeaders().getFirst("Range");
        served.traffic().recordRequest(rangeHeader);

        String token = new QueryParams(exchange.getRequestURI().getRawQuery()).first(PresignedLinks.SIGNATURE_PARAM);
        switch (links.check(name, token)) {
            case UNKNOWN -> sendS3Error(exchange, 403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.");
            case EXPIRED -> sendS3Error(exchange, 403, "AccessDenied", "Request has expired");
            case VALID -> serve(exchange, served, rangeHeader, method.equals("HEAD"));
        }
    }

    private void serve(HttpExchange exchange, ServedFile served, String rangeHeader, boolean head)
            throws IOException {
        if (!head) {
            OptionalInt failure = served.faults().takeFailure();
            if (failure.isPresent()) {
                sendS3Error(exchange, failure.getAsInt(), "InternalError", "Injected failure");
                return;
            }
        }
        RecordingFile file = served.file();
        ByteRange range = served.faults().ignoresRange()
                ? ByteRange.parse(null, file.size())
                : ByteRange.parse(rangeHeader, file.size());
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            exchange.getResponseHeaders().set("Content-Range", "bytes */" + file.size());
            sendS3Error(exchange, 416, "InvalidRange", "The requested range is not satisfiable");
            return;
        }
        FileFaults faults = served.faults();
        if (range.kind() == ByteRange.Kind.PARTIAL && faults.rangeFault() == FileFaults.RangeFault.STARTS_EARLIER) {
            range = new ByteRange(ByteRange.Kind.PARTIAL, Math.max(0, range.first() - faults.rangeFaultBytes()),
                    range.last());
        }
        exchange.getResponseHeaders().set("Content-Type", contentType(file.name()));
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Length", Long.toString(range.length()));
        if (faults.contentEncoding() != null) {
            exchange.getResponseHeaders().set("Content-Encoding", faults.contentEncoding());
        }
        if (faults.sendsDigests()) {
            // S3 GetObject: the ETag of a single-part object is the hex MD5 of the whole object, on ranged answers too
            exchange.getResponseHeaders().set("ETag", faults.wrongEtag() != null ? faults.wrongEtag()
                    : "\"" + file.md5Hex() + "\"");
            if (range.kind() != ByteRange.Kind.PARTIAL && faults.wrongContentMd5() != null) {
                exchange.getResponseHeaders().set("Content-MD5", faults.wrongContentMd5());
            }
        }
        int status = 200;
        if (range.kind() == ByteRange.Kind.PARTIAL) {
            status = faults.rangeFault() == FileFaults.RangeFault.SLICE_AS_200 ? 200 : 206;
            long total = file.size() + (faults.rangeFault() == FileFaults.RangeFault.WRONG_TOTAL
                    ? faults.rangeFaultBytes() : 0);
            exchange.getResponseHeaders().set("Content-Range", range.contentRange(total));
        }
        if (head || range.length() == 0) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, range.length());
        OptionalLong cut = served.faults().takeCut();
        long allowed = cut.isPresent() ? Math.min(cut.getAsLong(), range.length()) : range.length();
        try (InputStream in = file.openSlice(range.first(), allowed)) {
            copy(in, exchange.getResponseBody(), served.traffic(), served.faults());
        }
        if (allowed < range.length()) {
            exchange.getResponseBody().flush();
            // an exception out of a handler makes the JDK server drop the connection mid-body
            throw new IOException("injected connection cut after " + allowed + " bytes");
        }
        exchange.close();
    }

    private static void copy(InputStream in, OutputStream out, FileTraffic traffic, FileFaults faults)
            throws IOException {
        byte[] buffer = new byte[GeneratedContentStream.BLOCK_SIZE];
        long started = System.nanoTime();
        long sent = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (faults.takeHold(sent)) {
                out.flush();
                faults.waitAtHold();
            }
            out.write(buffer, 0, n);
            traffic.recordBytes(n);
            sent += n;
            pace(sent, started, faults.bytesPerSecond());
        }
    }

    /** Waits until {@code sent} bytes are due at {@code rate} bytes per second (no wait without a rate). */
    private static void pace(long sent, long startedNanos, long rate) throws IOException {
        if (rate <= 0) {
            return;
        }
        long dueNanos = startedNanos + sent * 1_000_000_000L / rate;
        long waitMillis = (dueNanos - System.nanoTime()) / 1_000_000;
        if (waitMillis > 0) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("stand-in stopped while pacing a download");
            }
        }
    }

    private static void sendS3Error(HttpExchange exchange, int status, String code, String message)
            throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                + "</Code><Message>" + message + "</Message></Error>";
        Exchanges.send(exchange, status, "application/xml", xml);
    }

    private static String contentType(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".mp4")) {
            return "video/mp4";
        }
        if (lower.endsWith(".webm")) {
            return "video/webm";
        }
        if (lower.endsWith(".mp3")) {
            return "audio/mpeg";
        }
        if (lower.endsWith(".aac")) {
            return "audio/aac";
        }
        return "application/octet-stream";
    }
}
