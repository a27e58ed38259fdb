package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;

import io.recordingarchiver.transfer.EmbeddedS3;
import io.recordingarchiver.testkit.Await;
import org.junit.jupiter.api.Test;

/** Liveness stays UP; readiness reports DOWN with a reason while the bucket is away, and UP again after. */
class ReadinessTest extends ArchiverTestBase {

    @Override
    protected ArchiverEnvironment environment() {
        // a fixed port, so the embedded store comes back where the client expects it
        return new ArchiverEnvironment().with("archiver.s3.embedded-port", String.valueOf(ArchiverEnvironment.freePort()));
    }

    @Test
    void readinessGoesDownWhileTheBucketIsUnreachableAndUpAfterItReturns() throws Exception {
        ManagementClient management = new ManagementClient(env.managementPort);
        assertThat(awaitReadiness(management, 200).body()).contains("UP");

        EmbeddedS3 store = context.hasService(EmbeddedS3.class);
        store.stop();
        try {
            HttpResponse<String> down = awaitReadiness(management, 503);
            assertThat(down.body()).contains("DOWN", "bucket");
            assertThat(management.get("/observe/health/live").statusCode()).isEqualTo(200);
        } finally {
            store.start();
        }

        assertThat(awaitReadiness(management, 200).body()).contains("UP").doesNotContain("DOWN");
    }

    private static HttpResponse<String> awaitReadiness(ManagementClient management, int status)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = Await.value("readiness to answer " + status, Await.PATIENTLY,
                () -> management.get("/observe/health/ready?exposureLevel=full"), got -> got.statusCode() == status);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        return answer;
    }
}
