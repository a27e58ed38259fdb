package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.sql.DataSource;

import io.recordingarchiver.App;
import io.recordingarchiver.dispatch.RecordingLedger;
import io.recordingarchiver.testkit.Await;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Boots the real archiver the way {@code java -jar} does (App's configuration classes, the top-level
 * {@code application.properties} and {@code routes/}) against an {@link ArchiverEnvironment}:
 * real HTTP on real sockets, the embedded s3proxy store and H2, and the RealtimeKit stand-in.
 */
@CamelMainTest(propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.main.routesIncludePattern=file:routes/*.yaml")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ArchiverTestBase {

    static final String BUCKET = "recordings";

    /** Created with the test instance, before the extension boots Camel, so its settings apply. */
    protected final ArchiverEnvironment env = environment().apply();

    @BeanInject
    protected CamelContext context;

    /**
     * The configuration instances App gives camel-main, in its order; not {@code mainClass = App.class},
     * whose package scan would find them in no particular order and run their bean methods twice.
     */
    @Configure
    protected void wireLikeApp(MainConfigurationProperties configuration) {
        App.configurations().forEach(configuration::addConfiguration);
    }

    /** Override to change settings for a whole test class. */
    protected ArchiverEnvironment environment() {
        return new ArchiverEnvironment();
    }

    @AfterAll
    void closeEnvironment() {
        env.close();
    }

    protected S3Client s3() {
        return context.getRegistry().lookupByNameAndType("s3Client", S3Client.class);
    }

    protected RecordingLedger ledger() {
        return context.getRegistry().lookupByNameAndType("recordingLedger", RecordingLedger.class);
    }

    protected JdbcTemplate db() {
        return new JdbcTemplate(context.getRegistry().lookupByNameAndType("dataSource", DataSource.class));
    }

    protected int storedDeliveries() {
        return db().queryForObject("SELECT COUNT(*) FROM delivery", Integer.class);
    }

    /**
     * Waits until the recording reaches the archive state and all its deliveries are processed, and
     * returns its ledger row.
     */
    protected Map<String, Object> awaitState(String recordingId, String state) throws InterruptedException {
        try {
            Await.until("recording " + recordingId + " to become " + state,
                    () -> state.equals(ledger().archiveState(recordingId)));
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; it is " + ledger().archiveState(recordingId) + ": "
                    + ledger().find(recordingId), timedOut);
        }
        awaitDeliveriesDone(recordingId);
        return ledger().find(recordingId);
    }

    /** Waits until every stored delivery of the recording has been processed. */
    protected void awaitDeliveriesDone(String recordingId) throws InterruptedException {
        try {
            Await.until("the deliveries of " + recordingId + " to be processed", () -> db().queryForObject(
                    "SELECT COUNT(*) FROM delivery WHERE recording_id = ? AND state <> 'DONE'", Integer.class,
                    recordingId) == 0);
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + ": " + db().queryForList(
                    "SELECT delivery_id, status, state FROM delivery WHERE recording_id = ?", recordingId), timedOut);
        }
    }

    protected HeadObjectResponse head(String key) {
        try {
            return s3().headObject(b -> b.bucket(BUCKET).key(key));
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    protected String objectText(String key) throws IOException {
        try (InputStream in = s3().getObject(b -> b.bucket(BUCKET).key(key))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** SHA-256 of the object as stored, read back in a stream. */
    protected String objectSha256(String key) throws IOException {
        return Buckets.sha256(s3(), key);
    }

    protected static void assertNoObjectUnder(S3Client s3, String prefix) {
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents()).isEmpty();
    }
}
