package io.recordingarchiver.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.recordingarchiver.Events;
import io.recordingarchiver.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state store's wiring on a real H2 file: the schema, and what happens to claims a previous run left. */
class DispatchBeansTest {

    @TempDir
    Path dir;

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final DispatchBeans beans = new DispatchBeans();
    private Settings settings;
    private String url;
    private DataSource dataSource;

    @BeforeEach
    void openTheStore() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("archiver.dispatch.concurrency", "3");
        properties.setProperty("archiver.dispatch.lease", "PT10M");
        properties.setProperty("archiver.retry.initial-delay", "PT1M");
        properties.setProperty("archiver.db.start-timeout", "PT5S");
        context.getPropertiesComponent().setInitialProperties(properties);
        settings = new Settings(context);
        url = "jdbc:h2:file:" + dir.resolve("archiver") + ";WRITE_DELAY=0";
        dataSource = beans.dataSource(url, "sa", "", settings, context);
    }

    @AfterEach
    void close() throws Exception {
        context.close();
        ((HikariDataSource) dataSource).close();
    }

    /** Three UPLOADED recordings claimed by a run that then died. */
    private void claimedByAPreviousRun() {
        Inbox previousRun = new Inbox(dataSource, Duration.ofMinutes(10), Duration.ofMinutes(1), 3);
        for (int i = 0; i < 3; i++) {
            previousRun.accept("d-" + i, Events.uploaded(Events.newRecordingId(), Instant.now().plus(Duration.ofDays(1))));
        }
        assertThat(previousRun.claim()).hasSize(3);
    }

    private static List<String> ids(List<Inbox.Claim> claims) {
        return claims.stream().map(Inbox.Claim::deliveryId).toList();
    }

    @Test
    void theDataSourceIsClosedWhenTheContextStops() {
        context.start();
        assertThat(((HikariDataSource) dataSource).isClosed()).isFalse();

        context.stop();

        assertThat(((HikariDataSource) dataSource).isClosed()).isTrue();
    }

    @Test
    void theDataSourceComesWithTheSchemaAndAPoolSizedForTheWorkers() {
        assertThat(((HikariDataSource) dataSource).getMaximumPoolSize()).isEqualTo(3 + 6);
        assertThat(new Inbox(dataSource, Duration.ofMinutes(10), Duration.ofMinutes(1), 1).pending()).isZero();
    }

    @Test
    void anH2FileIsThisProcesssAloneSoClaimsOfAPreviousRunAreReleasedAtOnce() throws Exception {
        claimedByAPreviousRun();

        Inbox inbox = beans.inbox(dataSource, url, settings, context);

        assertThat(ids(inbox.claim())).containsExactlyInAnyOrder("d-0", "d-1", "d-2");
    }

    @Test
    void aSharedDatabaseKeepsTheClaimsOfOtherProcesses() throws Exception {
        claimedByAPreviousRun();

        Inbox inbox = beans.inbox(dataSource, "jdbc:postgresql://127.0.0.1:5432/test", settings, context);

        assertThat(inbox.claim()).as("another instance may still be working on them").isEmpty();
    }

    @Test
    void whatTheProcessHoldsGoesBackToTheQueueWhenItStops() throws Exception {
        Inbox inbox = beans.inbox(dataSource, url, settings, context);
        inbox.accept("d-1", Events.uploaded(Events.newRecordingId(), Instant.now().plus(Duration.ofDays(1))));
        context.start();
        assertThat(ids(inbox.claim())).containsExactly("d-1");

        context.stop();

        // the pool closes after the claims are given back (the stop's last step): read them through a new one
        try (HikariDataSource reopened = StateStore.open(url, "sa", "", 2, Duration.ofSeconds(5))) {
            Inbox next = new Inbox(reopened, Duration.ofMinutes(10), Duration.ofMinutes(1), 1);
            assertThat(ids(next.claim())).containsExactly("d-1");
        }
    }
}
