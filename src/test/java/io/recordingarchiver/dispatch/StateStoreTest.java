package io.recordingarchiver.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.Requires;
import io.recordingarchiver.testkit.TcpRelay;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Opening the state store: a bounded wait at start for a database that is not up yet, then one clear error. */
class StateStoreTest {

    @Test
    void aStoreThatNeverAnswersFailsTheStartNamingItAndTheSettingWithoutItsParameters() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/test?password=s3cret-in-url";

        assertThatThrownBy(() -> StateStore.open(url, "postgres", "", 2, Duration.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The state store jdbc:postgresql://127.0.0.1:" + port
                        + "/test did not accept a connection within PT0S (archiver.db.start-timeout): ")
                .hasMessageNotContaining("s3cret-in-url");
    }

    @Test
    void anH2UrlIsClosedByTheArchiverNotByH2sShutdownHook() {
        assertThat(StateStore.closedByTheArchiver("jdbc:h2:file:/data/archiver;WRITE_DELAY=0"))
                .isEqualTo("jdbc:h2:file:/data/archiver;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(StateStore.closedByTheArchiver("jdbc:h2:file:/data/archiver;db_close_on_exit=TRUE"))
                .as("an operator's explicit choice is kept").isEqualTo("jdbc:h2:file:/data/archiver;db_close_on_exit=TRUE");
        assertThat(StateStore.closedByTheArchiver("jdbc:postgresql://db/archiver"))
                .isEqualTo("jdbc:postgresql://db/archiver");
    }

    /**
     * A PostgreSQL that refuses the first connections (restarting) and then answers: the start
     * waits for it, within the timeout, instead of failing.
     */
    @Test
    @Requires(ExternalTool.POSTGRES)
    void waitsForAStoreThatAnswersWithinTheTimeout() throws Exception {
        URI postgres = URI.create(ExternalTool.postgresUrl().substring("jdbc:".length()));
        try (TcpRelay gate = TcpRelay.closed(postgres.getHost(), postgres.getPort() == -1 ? 5432 : postgres.getPort())) {
            String url = "jdbc:postgresql://127.0.0.1:" + gate.port() + postgres.getRawPath();
            CompletableFuture<HikariDataSource> opening = CompletableFuture.supplyAsync(
                    () -> StateStore.open(url, ExternalTool.POSTGRES_USER, "", 2, Duration.ofMinutes(3)));

            Await.until("two connection attempts to be refused", () -> gate.refused() >= 2);
            assertThat(opening).as("still waiting for the store").isNotDone();
            gate.open();

            try (HikariDataSource pool = opening.get(3, TimeUnit.MINUTES)) {
                assertThat(new JdbcTemplate(pool).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
            }
        }
    }

    @Test
    void aLostOrRefusedConnectionIsTheStoreBeingUnavailable() {
        assertThat(StateStore.unavailable(new DataAccessResourceFailureException("PreparedStatementCallback",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(StateStore.unavailable(new SQLException("An I/O error occurred while sending to the backend", "08006")))
                .isTrue();
        assertThat(StateStore.unavailable(new CannotCreateTransactionException("Could not open JDBC Connection"))).isTrue();
        assertThat(StateStore.unavailable(new QueryTimeoutException("timed out"))).as("a transient one").isTrue();
        assertThat(StateStore.unavailable(new SQLTransientConnectionException("pool exhausted"))).isTrue();
        assertThat(StateStore.unavailable(new IllegalStateException("wrapped",
                new RuntimeException(new SQLRecoverableException("gone"))))).as("deep in the causes").isTrue();
    }

    @Test
    void aRefusedStatementIsNot() {
        assertThat(StateStore.unavailable(new DuplicateKeyException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(StateStore.unavailable(new BadSqlGrammarException("select", "SELEC 1", new SQLException("syntax", "42601"))))
                .isFalse();
        assertThat(StateStore.unavailable(new SQLException("no state"))).isFalse();
        assertThat(StateStore.unavailable(new IllegalArgumentException("not a database failure"))).isFalse();
        assertThat(StateStore.unavailable(null)).isFalse();
    }
}
