package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Once an admin token is configured, the read-only status API wants it too; the page's HTML does not. */
class StatusApiTokenTest extends ArchiverTestBase {

    private static final String TOKEN = "status-reader-token-1234567890";

    @Override
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment().with("archiver.admin.token", TOKEN);
    }

    @Test
    void statusApiNeedsTheTokenOnceOneIsSet() throws Exception {
        ManagementClient management = new ManagementClient(env.managementPort);

        assertThat(management.get("/recordings").statusCode()).isEqualTo(401);
        assertThat(management.get("/recordings/6f1c2a8e-2b1d-4c55-9b7e-0d3a5c1e2f11").statusCode()).isEqualTo(401);
        assertThat(management.get("/recordings", "Bearer not-the-token").statusCode()).isEqualTo(403);
        assertThat(management.get("/recordings", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(management.get("/recordings", "Bearer " + TOKEN).body()).doesNotContain(TOKEN);
    }

    @Test
    void thePageItselfLoadsAndAsksForTheToken() throws Exception {
        var page = new ManagementClient(env.managementPort).get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("archiver.admin.token");
    }
}
