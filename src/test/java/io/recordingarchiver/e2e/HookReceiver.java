package io.recordingarchiver.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.recordingarchiver.testkit.Await;

/** A local HTTP endpoint that records the bodies POSTed to it and answers a configurable status. */
final class HookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    HookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(int status) {
        this.status = status;
    }

    /** Waits until a body containing {@code fragment} arrived, and returns every body that contains it. */
    List<String> await(String fragment, int count) {
        return Await.value(count + " bodies with " + fragment + " to arrive", Await.PATIENTLY,
                () -> bodies.stream().filter(b -> b.contains(fragment)).toList(), found -> found.size() >= count);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
