package io.recordingarchiver.operate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HookMessagesTest {

    private final HookMessages messages = new HookMessages();

    @Test
    void failureKeepsTypeAndHostButNeverTheUrlPathOrQuery() {
        String text = messages.failure(new IllegalStateException(
                "HTTP operation failed invoking https://hooks.slack.com/services/T000/B000/secret?token=x with statusCode: 500"));

        assertThat(text).isEqualTo("IllegalStateException: HTTP operation failed invoking https://hooks.slack.com/<redacted>"
                + " with statusCode: 500");
    }

    @Test
    void failureWithoutMessageOrException() {
        assertThat(messages.failure(new RuntimeException())).isEqualTo("RuntimeException");
        assertThat(messages.failure(null)).isEqualTo("unknown failure");
    }
}
