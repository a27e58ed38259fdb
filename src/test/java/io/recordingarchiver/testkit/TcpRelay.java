package io.recordingarchiver.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP port on the loopback address that forwards every connection to a target server, for a
 * client that must meet the server going away: while closed ({@link #closed(String, int)}) it
 * closes each connection as soon as it is accepted (a server not up yet), and {@link #cutAll()}
 * closes every connection open now on both sides at once (a server restart) while new ones are
 * still forwarded.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();
    private final AtomicBoolean forwarding;
    private final String host;
    private final int targetPort;

    private TcpRelay(String host, int targetPort, boolean forwarding) throws IOException {
        this.host = host;
        this.targetPort = targetPort;
        this.forwarding = new AtomicBoolean(forwarding);
        Thread acceptor = new Thread(this::accept, "tcp-relay-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay that forwards to {@code host:port} from the start. */
    public static TcpRelay to(String host, int port) throws IOException {
        return new TcpRelay(host, port, true);
    }

    /** A relay that refuses (accepts and closes) every connection until {@link #open()}. */
    public static TcpRelay closed(String host, int port) throws IOException {
        return new TcpRelay(host, port, false);
    }

    /** The local port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections closed on arrival while the relay was closed. */
    public int refused() {
        return refused.get();
    }

    /** Connections forwarded so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections forwarded now and still open. */
    public int openConnections() {
        return open.size() / 2;
    }

    /** Connections ended by {@link #cutAll()} so far. */
    public int cut() {
        return cut.get();
    }

    /** Forwards connections from now on. */
    public void open() {
        forwarding.set(true);
    }

    /**
     * Closes every connection open now, the client's side and the target's, as a server restart
     * does; connections made afterwards are forwarded as before. Returns how many were cut.
     */
    public int cutAll() {
        List<Socket> now = List.copyOf(open);
        for (Socket socket : now) {
            closeQuietly(socket);
        }
        open.removeAll(now);
        int pairs = now.size() / 2;
        cut.addAndGet(pairs);
        return pairs;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            if (!forwarding.get()) {
                closeQuietly(client);
                refused.incrementAndGet();
                continue;
            }
            Socket target;
            try {
                target = new Socket(host, targetPort);
            } catch (IOException unreachable) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            open.add(target);
            accepted.incrementAndGet();
            pump(client, target);
            pump(target, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ended) {
                // one side closed: the other follows
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
