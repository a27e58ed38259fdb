package io.recordingarchiver.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** POSTs webhook deliveries the way RealtimeKit does: signed raw bytes, axios user agent. */
final class WebhookSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final WebhookSigningKey key;
    private final String webhookId;

    WebhookSender(WebhookSigningKey key, String webhookId) {
        this.key = key;
        this.webhookId = webhookId;
    }

    HttpResponse<String> send(URI url, byte[] body, DeliveryOptions options)
            throws IOException, InterruptedException {
        String prefix = options.headerPrefix();
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", options.contentType())
                .header("User-Agent", "axios/1.7.2")
                .header(prefix + "uuid", options.deliveryUuid().orElseGet(() -> UUID.randomUUID().toString()))
                .header(prefix + "webhook-id", options.webhookId().orElse(webhookId))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (options.isSigned()) {
            request.header(prefix + "signature", options.signature().orElseGet(() -> key.sign(body)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
