package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedactionTest {

    static Stream<Arguments> urls() {
        return Stream.of(
                Arguments.of(Payloads.DOWNLOAD_URL,
                        "https://bucket.example-store.com/rec/" + Payloads.RECORDING_ID + "/weekly-sync.mp4"),
                Arguments.of("https://user:pass@h.example:9000/a%20b/c.mp4?sig=1#frag", "https://h.example:9000/a%20b/c.mp4"),
                Arguments.of("HTTP://H.example", "HTTP://H.example"),
                Arguments.of("http://[::1]:8080/x?token=1", "http://[::1]:8080/x"),
                Arguments.of("https://h.example/x.mp4#X-Amz-Signature=1", "https://h.example/x.mp4"),
                Arguments.of("https://h.example/a b?sig=1", Redaction.REDACTED_URL),
                Arguments.of("/relative/x?sig=1", Redaction.REDACTED_URL),
                Arguments.of("not a url?sig=1", Redaction.REDACTED_URL),
                Arguments.of("mailto:me@h.example?subject=x", Redaction.REDACTED_URL),
                Arguments.of(null, null));
    }

    @ParameterizedTest
    @MethodSource("urls")
    void keepsSchemeHostPortAndPathOnly(String url, String expected) {
        assertThat(Redaction.url(url)).isEqualTo(expected);
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("GET " + Payloads.DOWNLOAD_URL + " failed: 403",
                        "GET https://bucket.example-store.com/rec/" + Payloads.RECORDING_ID + "/weekly-sync.mp4?<redacted> failed: 403"),
                Arguments.of("a https://h.example/x?s=1 and \"http://u:p@g.example/y?t=2\"",
                        "a https://h.example/x?<redacted> and \"http://g.example/y?<redacted>\""),
                Arguments.of("Authorization: Bearer abc.DEF-123_x/y+z=", "Authorization: Bearer <redacted>"),
                Arguments.of("authorization=bearer   tok3n", "authorization=Bearer <redacted>"),
                Arguments.of("query X-Amz-Signature=abc123&X-Amz-Credential=AKIA%2Fx&X-Amz-Date=1",
                        "query X-Amz-Signature=<redacted>&X-Amz-Credential=<redacted>&X-Amz-Date=1"),
                Arguments.of("AWS4-HMAC-SHA256 Credential=AKIA/x, SignedHeaders=host, Signature=f00d",
                        "AWS4-HMAC-SHA256 Credential=<redacted>, SignedHeaders=host, Signature=<redacted>"),
                Arguments.of("X-Amz-Security-Token=IQo", "X-Amz-Security-Token=<redacted>"),
                Arguments.of("price $1 at https://h.example/p?x=$2", "price $1 at https://h.example/p?<redacted>"),
                Arguments.of("nothing secret here", "nothing secret here"),
                Arguments.of(null, null));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void redactsCredentialsInFreeText(String text, String expected) {
        assertThat(Redaction.text(text)).isEqualTo(expected);
    }

    @Test
    void stripsEveryQueryInAJsonTreeWithoutTouchingTheOriginal() {
        JsonNode original = Payloads.parseTree("""
                {"a":"%1$s","n":{"list":["%1$s", 3, "plain", "see %1$s"]},"title":"Weekly sync","n2":null,"b":true}
                """.formatted(Payloads.DOWNLOAD_URL));

        JsonNode stripped = Redaction.stripQueryStrings(original);

        String bare = Redaction.url(Payloads.DOWNLOAD_URL);
        assertThat(stripped.get("a").asText()).isEqualTo(bare);
        assertThat(stripped.get("n").get("list").get(0).asText()).isEqualTo(bare);
        assertThat(stripped.get("n").get("list").get(1).asInt()).isEqualTo(3);
        assertThat(stripped.get("n").get("list").get(2).asText()).isEqualTo("plain");
        assertThat(stripped.get("n").get("list").get(3).asText()).isEqualTo("see " + bare + "?<redacted>");
        assertThat(stripped.get("title").asText()).isEqualTo("Weekly sync");
        assertThat(stripped.get("n2").isNull()).isTrue();
        assertThat(stripped.get("b").asBoolean()).isTrue();
        assertThat(stripped.toString()).doesNotContain("X-Amz", "deadbeef");
        assertThat(original.get("a").asText()).isEqualTo(Payloads.DOWNLOAD_URL);
        assertThat(Redaction.stripQueryStrings(null)).isNull();
    }
}
