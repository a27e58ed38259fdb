package io.recordingarchiver.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntakeModeTest {

    @Test
    void eachModeSaysWhatRuns() {
        assertThat(IntakeMode.parse("webhook")).satisfies(m -> {
            assertThat(m.webhook()).isTrue();
            assertThat(m.reconciles()).isFalse();
            assertThat(m.polls()).isFalse();
        });
        assertThat(IntakeMode.parse(" Polling ")).satisfies(m -> {
            assertThat(m.webhook()).isFalse();
            assertThat(m.reconciles()).isFalse();
            assertThat(m.polls()).isTrue();
        });
        assertThat(IntakeMode.parse("BOTH")).satisfies(m -> {
            assertThat(m.webhook()).isTrue();
            assertThat(m.reconciles()).isTrue();
            assertThat(m.polls()).isFalse();
        });
        assertThat(IntakeMode.BOTH).hasToString("both");
    }

    @Test
    void anythingElseNamesTheSettingAndTheChoices() {
        assertThatThrownBy(() -> IntakeMode.parse("pull"))
                .hasMessage("the setting archiver.intake.mode must be webhook, polling or both, not 'pull'");
        assertThatThrownBy(() -> IntakeMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
