package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;

import io.recordingarchiver.transfer.EmbeddedS3;
import io.recordingarchiver.testkit.Await;
import org.junit.jupiter.api.Test;

/**
 * While the bucket is away, {@code /observe/health} answers 503 naming it, and UP again after;
 * liveness and readiness stay UP (the webhook port goes on taking deliveries into the inbox).
 */
class ReadinessTest extends ArchiverTestBase {

    @Override
    protected ArchiverEnvironment environment() {
        // a fixed port, so the embedded store comes back where the client expects it
        return new ArchiverEnvironment().with("archiver.s3.embedded-port", String.valueOf(ArchiverEnvironment.freePort()));
    }

    @Test
    void healthNamesTheBucketWhileItIsUnreachableAndReadinessStaysUp() throws Exception {
        ManagementClient management = new ManagementClient(env.managementPort);
        assertThat(awaitHealth(management, "/observe/health/ready", 200).body()).contains("UP", "state-store");
        assertThat(awaitHealth(management, "/observe/health", 200).body()).contains("UP", "bucket");

        EmbeddedS3 store = context.hasService(EmbeddedS3.class);
        store.stop();
        try {
            HttpResponse<String> down = awaitHealth(management, "/observe/health", 503);
            assertThat(down.body()).contains("DOWN", "bucket");
            assertThat(management.get("/observe/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = management.get("/observe/health/ready?exposureLevel=full");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).doesNotContain("bucket");
        } finally {
            store.start();
        }

        assertThat(awaitHealth(management, "/observe/health", 200).body()).contains("UP").doesNotContain("DOWN");
    }

    private static HttpResponse<String> awaitHealth(ManagementClient management, String path, int status)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = Await.value(path + " to answer " + status, Await.PATIENTLY,
                () -> management.get(path + "?exposureLevel=full"), got -> got.statusCode() == status);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        return answer;
    }
}
