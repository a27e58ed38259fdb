package io.recordingarchiver.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import io.recordingarchiver.testkit.Await;

/**
 * A local HTTP endpoint that records the bodies and paths of the requests sent to it and answers a
 * configurable status; {@link #hold()} keeps requests unanswered (the caller waits, as on a slow
 * peer) until {@link #release()}.
 */
final class HookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile CountDownLatch held = new CountDownLatch(0);

    HookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(handlers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                paths.add(exchange.getRequestURI().getPath());
                held.await();
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
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

    /** Keeps every request from now on unanswered until {@link #release()}. */
    void hold() {
        held = new CountDownLatch(1);
    }

    /** Answers the held requests and every later one. */
    void release() {
        held.countDown();
    }

    /** The bodies of the requests received so far, in order (UTF-8). */
    List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** The paths of the requests received so far, in order. */
    List<String> paths() {
        return List.copyOf(paths);
    }

    /** Waits until {@code count} requests to {@code path} arrived. */
    void awaitPath(String path, int count) {
        Await.value(count + " requests to " + path, Await.PATIENTLY,
                () -> paths.stream().filter(path::equals).count(), found -> found >= count);
    }

    /** Waits until a body containing {@code fragment} arrived, and returns every body that contains it. */
    List<String> await(String fragment, int count) {
        return Await.value(count + " bodies with " + fragment + " to arrive", Await.PATIENTLY,
                () -> bodies.stream().filter(b -> b.contains(fragment)).toList(), found -> found.size() >= count);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        handlers.shutdownNow();
    }
}
