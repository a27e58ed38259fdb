package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;

class ChecksumSettingsTest {

    @Test
    void whenSupportedIsTheSdksDefaultAndExplainsRefusals() {
        ChecksumSettings settings = ChecksumSettings.of("when-supported", "when-supported");
        assertThat(settings.request()).isEqualTo(RequestChecksumCalculation.WHEN_SUPPORTED);
        assertThat(settings.response()).isEqualTo(ResponseChecksumValidation.WHEN_SUPPORTED);
        assertThat(settings.interceptors()).singleElement().isInstanceOf(ChecksumRefusalHint.class);
    }

    @Test
    void whenRequiredTurnsThemOffAndNeedsNoHint() {
        ChecksumSettings settings = ChecksumSettings.of("when-required", "when-required");
        assertThat(settings.request()).isEqualTo(RequestChecksumCalculation.WHEN_REQUIRED);
        assertThat(settings.response()).isEqualTo(ResponseChecksumValidation.WHEN_REQUIRED);
        assertThat(settings.interceptors()).isEmpty();
    }

    @Test
    void theSdksOwnSpellingsAreAccepted() {
        assertThat(ChecksumSettings.of("WHEN_REQUIRED", " when_supported ").request())
                .isEqualTo(RequestChecksumCalculation.WHEN_REQUIRED);
        assertThat(ChecksumSettings.of("When-Supported", "WHEN_REQUIRED").response())
                .isEqualTo(ResponseChecksumValidation.WHEN_REQUIRED);
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ChecksumSettings.of("never", "when-supported"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the setting archiver.s3.request-checksum-calculation must be when-supported or"
                        + " when-required, not 'never'");
        assertThatThrownBy(() -> ChecksumSettings.of("when-supported", ""))
                .hasMessage("the setting archiver.s3.response-checksum-validation must be when-supported or"
                        + " when-required, not ''");
    }
}
