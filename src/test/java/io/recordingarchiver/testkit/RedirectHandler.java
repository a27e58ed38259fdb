package io.recordingarchiver.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;

/**
 * Answers {@code /redirect/files/{name}?<presigned query>} with a 302 to the same presigned
 * {@code /files/{name}} URL, like a CDN in front of the bucket. It checks nothing itself.
 */
final class RedirectHandler implements HttpHandler {

    static final String PATH = "/redirect";

    private final String serverUrl;

    RedirectHandler(String serverUrl) {
        this.serverUrl = serverUrl;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath().substring(PATH.length());
        String query = exchange.getRequestURI().getRawQuery();
        exchange.getResponseHeaders().set("Location", serverUrl + target + (query == null ? "" : "?" + query));
        Exchanges.sendEmpty(exchange, 302);
    }
}
