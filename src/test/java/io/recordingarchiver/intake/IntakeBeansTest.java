package io.recordingarchiver.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which key URLs the signature check uses. */
class IntakeBeansTest {

    @Test
    void theListOfKeyUrlsIsUsedWhenTheDeprecatedSingleUrlIsBlank() {
        assertThat(IntakeBeans.publicKeyUrls(" ", "https://a.example/keys,https://b.example/keys"))
                .isEqualTo("https://a.example/keys,https://b.example/keys");
    }

    @Test
    void theDeprecatedSingleUrlStillSetIsUsedAloneAsBefore() {
        assertThat(IntakeBeans.publicKeyUrls("https://old.example/key", "https://a.example/keys"))
                .isEqualTo("https://old.example/key");
    }
}
