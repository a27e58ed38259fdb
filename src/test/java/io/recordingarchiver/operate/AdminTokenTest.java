package io.recordingarchiver.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminTokenTest {

    private static final String TOKEN = "s3cret-admin-token-0123456789";
    private final AdminToken admin = new AdminToken(TOKEN);

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + TOKEN, "bearer " + TOKEN, "BEARER  " + TOKEN + " "})
    void theConfiguredBearerTokenPasses(String header) {
        assertThatCode(() -> admin.check(header)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Bearer", "Bearer ", "Basic dXNlcjpwYXNz", TOKEN, "Token " + TOKEN})
    void noBearerTokenIs401(String header) {
        assertDenied(admin, header, 401, AdminToken.MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong", "Bearer " + TOKEN + "x", "Bearer 3cret-admin-token-0123456789",
        "Bearer S3CRET-ADMIN-TOKEN-0123456789"})
    void aWrongTokenIs403AndNeverQuoted(String header) {
        assertDenied(admin, header, 403, AdminToken.WRONG);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void withoutAConfiguredTokenEveryRequestIsRefused(String configured) {
        AdminToken disabled = new AdminToken(configured);
        assertThat(disabled.enabled()).isFalse();
        assertDenied(disabled, "Bearer ", 403, AdminToken.DISABLED);
        assertDenied(disabled, "Bearer anything", 403, AdminToken.DISABLED);
        assertDenied(disabled, null, 403, AdminToken.DISABLED);
    }

    @Test
    void readersPassFreelyOnlyWhileNoTokenIsConfigured() {
        new AdminToken("").checkReader(null);

        AdminToken configured = new AdminToken("reader-secret-token");
        configured.checkReader("Bearer reader-secret-token");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> configured.checkReader(null))
                .isInstanceOf(AdminToken.AdminAccessDenied.class)
                .hasFieldOrPropertyWithValue("status", 401);
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertThat(admin.toString()).isEqualTo("AdminToken[enabled]").doesNotContain(TOKEN);
    }

    private static void assertDenied(AdminToken admin, String header, int status, String reason) {
        assertThatThrownBy(() -> admin.check(header))
                .isInstanceOfSatisfying(AdminToken.AdminAccessDenied.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(status);
                    assertThat(e.getReason()).isEqualTo(reason).doesNotContain(TOKEN);
                });
    }
}
