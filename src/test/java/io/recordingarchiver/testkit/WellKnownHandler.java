package io.recordingarchiver.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Serves {@code GET /.well-known/webhooks.json}, the published webhook public key. */
final class WellKnownHandler implements HttpHandler {

    static final String PATH = "/.well-known/webhooks.json";

    private final WebhookSigningKey key;
    private final ObjectMapper json;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile boolean failing;
    private volatile boolean literalBackslashN;

    WellKnownHandler(WebhookSigningKey key, ObjectMapper json) {
        this.key = key;
        this.json = json;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        fetches.incrementAndGet();
        if (failing) {
            Exchanges.sendJson(exchange, 500, ApiEnvelopes.error(json, 10001, "Internal server error"));
            return;
        }
        String pem = key.publicKeyPem();
        ObjectNode body = json.createObjectNode().put("success", true);
        body.putObject("data").put("publicKey", literalBackslashN ? pem.replace("\n", "\\n") : pem);
        Exchanges.sendJson(exchange, 200, body.toString());
    }

    void setFailing(boolean failing) {
        this.failing = failing;
    }

    void setLiteralBackslashN(boolean literalBackslashN) {
        this.literalBackslashN = literalBackslashN;
    }

    int fetches() {
        return fetches.get();
    }
}
