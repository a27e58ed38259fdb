package io.recordingarchiver.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The refusing store's rules, and its answer to a client that sends its body at once (no 100-continue). */
class StoreProxyTest {

    @Test
    void refusesWhatStoresWithoutFlexibleChecksumsRefuse() {
        assertThat(StoreProxy.offendingHeader(Map.of("x-amz-sdk-checksum-algorithm", "CRC32",
                "x-amz-trailer", "x-amz-checksum-crc32"))).isEqualTo("x-amz-sdk-checksum-algorithm");
        assertThat(StoreProxy.offendingHeader(Map.of("x-amz-trailer", "x-amz-checksum-crc32"))).isEqualTo("x-amz-trailer");
        assertThat(StoreProxy.offendingHeader(Map.of("x-amz-checksum-crc32", "AAAAAA=="))).isEqualTo("x-amz-checksum-crc32");
        assertThat(StoreProxy.offendingHeader(Map.of("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")))
                .isEqualTo("x-amz-content-sha256");
    }

    @Test
    void forwardsSignedStreamingAndPlainUploads() {
        assertThat(StoreProxy.offendingHeader(Map.of("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "content-encoding", "aws-chunked"))).isNull();
        assertThat(StoreProxy.offendingHeader(Map.of("x-amz-content-sha256", "UNSIGNED-PAYLOAD"))).isNull();
    }

    @Test
    void aRefusedClientThatSentItsBodyGetsTheAnswerNotAReset() throws Exception {
        // nothing listens upstream: a refused request never gets there
        try (StoreProxy proxy = new StoreProxy(URI.create("http://127.0.0.1:9"), StoreProxy.Mode.REFUSE_CHECKSUM_TRAILERS);
                Socket socket = new Socket(proxy.endpoint().getHost(), proxy.endpoint().getPort())) {
            byte[] body = new byte[256 * 1024];
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /bucket/key?partNumber=1&uploadId=u HTTP/1.1\r\nHost: store\r\nx-amz-trailer: x-amz-checksum-crc32\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("<Code>InvalidArgument</Code>",
                    "Unsupported header 'x-amz-trailer' received for this API call.");
            assertThat(proxy.refused()).singleElement().satisfies(r -> {
                assertThat(r.isUploadPart()).isTrue();
                assertThat(r.path()).isEqualTo("/bucket/key");
            });
        }
    }
}
