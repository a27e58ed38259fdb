package io.recordingarchiver.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves one sample recording on 127.0.0.1 the way RealtimeKit's bucket does: behind a presigned-style
 * URL whose query is a (fake) credential the archiver must never log. The bytes are generated from a
 * fixed seed while they are sent, so any size costs no memory.
 */
final class SampleRecordingServer implements AutoCloseable {

    static final String PATH = "/demo-bucket/demo-recording.mp4";

    private final HttpServer server;
    private final long size;

    SampleRecordingServer(long size) throws IOException {
        this.size = size;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::serve);
        server.start();
    }

    /** The file's presigned-style URL. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=604800&X-Amz-Signature=demo0secret0signature";
    }

    long size() {
        return size;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getRawQuery().contains("X-Amz-Signature=")) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, size);
            Random bytes = new Random(42);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long left = size; left > 0; left -= chunk.length) {
                    bytes.nextBytes(chunk);
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
