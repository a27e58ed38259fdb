package io.recordingarchiver.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy on a real socket in front of an S3 API server (s3proxy in the tests), playing an
 * S3-compatible store: it records the head of every request it receives (method, target, headers)
 * and, in {@link Mode#REFUSE_CHECKSUM_TRAILERS}, refuses what several stores refuse.
 *
 * <p>Refused, in that mode, is any request that carries the AWS SDK's flexible checksums (SDK for
 * Java 2.30+ sends them on every PutObject and UploadPart by default, announcement
 * https://github.com/aws/aws-sdk-java-v2/issues/5801): an {@code x-amz-trailer} or
 * {@code x-amz-sdk-checksum-algorithm} header, any {@code x-amz-checksum-*} header, or a
 * {@code STREAMING-*-TRAILER} {@code x-amz-content-sha256}. The answer is Backblaze B2's, as users
 * report it: {@code 400} with {@code <Code>InvalidArgument</Code>} and
 * {@code Unsupported header 'x-amz-sdk-checksum-algorithm' received for this API call.}
 * (https://github.com/home-assistant/core/issues/143995, https://github.com/stonith404/pingvin-share/issues/798;
 * B2 lists these headers as unsupported: https://www.backblaze.com/docs/cloud-storage-s3-compatible-api).
 * Cloudflare R2 answers {@code 501 NotImplemented} to the same headers
 * (https://github.com/aws/aws-sdk-js-v3/issues/6810); an SDK treats both as a client error.
 * Plain {@code aws-chunked} signed streaming without a trailer
 * ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}, which the SDK uses over plain http whatever the
 * checksum setting) is forwarded: B2, MinIO and Ceph accept it; it is the trailer they refuse.
 *
 * <p>Every request is forwarded byte for byte (so SigV4 signatures still verify upstream: the Host
 * header is kept) over a connection of its own ({@code Connection: close} both ways), which is all
 * the framing this proxy needs to know.
 */
public final class StoreProxy implements AutoCloseable {

    /** What the proxy does with requests. */
    public enum Mode {
        /** Forward everything; only record. */
        FORWARD,
        /** Refuse requests carrying checksum trailers or flexible checksum headers, forward the rest. */
        REFUSE_CHECKSUM_TRAILERS,
        /**
         * Play a store that implements server-side encryption and object tags in front of one that
         * does not: s3proxy 4.1.0 answers {@code 501 NotImplemented} to any
         * {@code x-amz-server-side-encryption} ("Server-side encryption is not supported.") and to
         * {@code x-amz-tagging} ("Unknown header x-amz-tagging"), checked by running it. The
         * proxy records those headers, as the store would receive them, and forwards the request
         * without them. Since they are signed, the s3proxy behind must run without authentication.
         */
        DROP_UNIMPLEMENTED_HEADERS,
        /**
         * Refuse ListMultipartUploads ({@code GET /bucket?uploads}) with {@code 501 NotImplemented},
         * as stores without that call answer, and forward the rest.
         */
        REFUSE_LIST_MULTIPART_UPLOADS,
        /**
         * Forward the first CompleteMultipartUpload ({@code POST /bucket/key?uploadId=...}) to the store,
         * which completes the upload, then answer {@code 500 InternalError} instead of its answer: a
         * response lost on the way back (a load balancer's timeout while a large object is assembled).
         * The SDK retries; the retry is answered {@code 400 InvalidPart}, as s3proxy answered it in the
         * default chaos soak (its upload and parts gone with the completion; s3proxy here answers a
         * quick repeat 200, which is why the proxy plays that answer instead of forwarding it).
         */
        LOSE_FIRST_COMPLETE_RESPONSE
    }

    /** The headers {@link Mode#DROP_UNIMPLEMENTED_HEADERS} records and does not forward. */
    static final List<String> UNIMPLEMENTED_BY_S3PROXY = List.of("x-amz-server-side-encryption",
            "x-amz-server-side-encryption-aws-kms-key-id", "x-amz-server-side-encryption-context",
            "x-amz-server-side-encryption-bucket-key-enabled", "x-amz-tagging", "x-amz-tagging-directive");

    /** The head of one request as received: method, target (path and query), headers with lower-case names. */
    public record RecordedRequest(String method, String target, Map<String, String> headers, boolean refused) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        public String query() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }

        /** Whether the query has this parameter (with or without a value). */
        public boolean hasParam(String name) {
            for (String param : query().split("&")) {
                if (param.equals(name) || param.startsWith(name + "=")) {
                    return true;
                }
            }
            return false;
        }

        /** A PUT of a whole object (no part number, no copy source). */
        public boolean isPutObject() {
            return method.equals("PUT") && !hasParam("partNumber") && header("x-amz-copy-source").isEmpty()
                    && !hasParam("tagging");
        }

        /** A CreateMultipartUpload ({@code POST ?uploads}). */
        public boolean isCreateMultipartUpload() {
            return method.equals("POST") && hasParam("uploads");
        }

        public boolean isUploadPart() {
            return method.equals("PUT") && hasParam("partNumber") && header("x-amz-copy-source").isEmpty();
        }

        public boolean isCopyObject() {
            return method.equals("PUT") && !hasParam("partNumber") && header("x-amz-copy-source").isPresent();
        }
    }

    private final URI upstream;
    private final Mode mode;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "store-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger completions = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    /** Starts listening on a free port of 127.0.0.1, forwarding to {@code upstream} ({@code http://host:port}). */
    public StoreProxy(URI upstream, Mode mode) {
        this.upstream = upstream;
        this.mode = mode;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        connections.execute(this::acceptLoop);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Every request received so far, oldest first, refused ones included. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests answered with the refusal. */
    public List<RecordedRequest> refused() {
        return requests.stream().filter(RecordedRequest::refused).toList();
    }

    /** The requests whose path starts with {@code /bucket/key}, oldest first. */
    public List<RecordedRequest> requestsFor(String bucket, String key) {
        String path = "/" + bucket + "/" + key;
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("the store proxy stopped accepting", e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            List<String> lines = readHead(in);
            if (lines.isEmpty()) {
                return;
            }
            String[] requestLine = lines.get(0).split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim(), (a, b) -> a + "," + b);
                }
            }
            String offending = mode == Mode.REFUSE_CHECKSUM_TRAILERS ? offendingHeader(headers) : null;
            boolean listing = mode == Mode.REFUSE_LIST_MULTIPART_UPLOADS && isListMultipartUploads(requestLine[0], requestLine[1]);
            int completion = mode == Mode.LOSE_FIRST_COMPLETE_RESPONSE
                    && isCompleteMultipartUpload(requestLine[0], requestLine[1]) ? completions.incrementAndGet() : 0;
            requests.add(new RecordedRequest(requestLine[0], requestLine[1], Map.copyOf(headers),
                    offending != null || listing || completion == 1 || completion == 2));
            if (completion == 1) {
                forward(client, in, lines, OutputStream.nullOutputStream());
                refuse(client, in, "500 Internal Server Error", "InternalError",
                        "We encountered an internal error. Please try again.");
            } else if (completion == 2) {
                refuse(client, in, "400 Bad Request", "InvalidPart", "One or more of the specified parts could not be"
                        + " found.  The part may not have been uploaded, or the specified entity tag may not match the"
                        + " part's entity tag.");
            } else if (offending != null) {
                refuse(client, in, "400 Bad Request", "InvalidArgument",
                        "Unsupported header '" + offending + "' received for this API call.");
            } else if (listing) {
                refuse(client, in, "501 Not Implemented", "NotImplemented",
                        "A header or query you provided implies functionality that is not implemented.");
            } else {
                forward(client, in, lines, client.getOutputStream());
            }
        } catch (IOException e) {
            // the client or the upstream went away: nothing more to relay
        }
    }

    /** The first header that a store refusing flexible checksums would name, or null. */
    static String offendingHeader(Map<String, String> headers) {
        for (String name : List.of("x-amz-sdk-checksum-algorithm", "x-amz-trailer")) {
            if (headers.containsKey(name)) {
                return name;
            }
        }
        for (String name : headers.keySet()) {
            if (name.startsWith("x-amz-checksum-")) {
                return name;
            }
        }
        String contentSha = headers.getOrDefault("x-amz-content-sha256", "");
        if (contentSha.startsWith("STREAMING-") && contentSha.endsWith("-TRAILER")) {
            return "x-amz-content-sha256";
        }
        return null;
    }

    /**
     * Answers the refusal, then reads what the client still sends (a body it did not hold back
     * for {@code Expect: 100-continue}) until it closes, so it gets the answer rather than a reset.
     */
    /** {@code GET /bucket?uploads...}: ListMultipartUploads (not ListParts, which names an uploadId). */
    static boolean isListMultipartUploads(String method, String target) {
        int q = target.indexOf('?');
        if (!"GET".equals(method) || q < 0) {
            return false;
        }
        List<String> params = List.of(target.substring(q + 1).split("&"));
        return params.stream().anyMatch(p -> p.equals("uploads") || p.startsWith("uploads="))
                && params.stream().noneMatch(p -> p.startsWith("uploadId="));
    }

    /** {@code POST /bucket/key?uploadId=...}: CompleteMultipartUpload (not CreateMultipartUpload's {@code ?uploads}). */
    static boolean isCompleteMultipartUpload(String method, String target) {
        int q = target.indexOf('?');
        return "POST".equals(method) && q >= 0
                && List.of(target.substring(q + 1).split("&")).stream().anyMatch(p -> p.startsWith("uploadId="));
    }

    private static void refuse(Socket client, InputStream in, String status, String code, String message)
            throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Error>\n"
                + "    <Code>" + code + "</Code>\n"
                + "    <Message>" + message + "</Message>\n"
                + "</Error>").getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        client.shutdownOutput();
        client.setSoTimeout(10_000);
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // the client neither sent more nor closed; closing is all that is left
        }
    }

    /** Relays the request to the store and the store's answer to {@code answer}. */
    private void forward(Socket client, InputStream in, List<String> lines, OutputStream answer) throws IOException {
        try (Socket server = new Socket()) {
            server.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 10_000);
            StringBuilder head = new StringBuilder(lines.get(0)).append("\r\n");
            for (String line : lines.subList(1, lines.size())) {
                String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
                boolean dropped = mode == Mode.DROP_UNIMPLEMENTED_HEADERS && UNIMPLEMENTED_BY_S3PROXY.contains(name);
                if (!name.equals("connection") && !dropped) {
                    head.append(line).append("\r\n");
                }
            }
            // not signed by SigV4 (the signer leaves Connection out), so changing it keeps the signature valid
            head.append("Connection: close\r\n\r\n");
            OutputStream toServer = server.getOutputStream();
            toServer.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            toServer.flush();
            Thread body = new Thread(() -> {
                try {
                    in.transferTo(toServer);
                } catch (IOException e) {
                    // one side closed: the response relay below ends the exchange
                }
            }, "store-proxy-body");
            body.setDaemon(true);
            body.start();
            server.getInputStream().transferTo(answer);
            answer.flush();
        }
    }

    /** The request line and header lines, without the empty line that ends them; empty at end of stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b; (b = in.read()) >= 0; previous = b) {
            if (b == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }
}
