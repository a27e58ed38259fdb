package io.recordingarchiver.dispatch;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.recordingarchiver.Redaction;
import org.apache.camel.Service;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Opens the connection pool of the state store. A starting archiver waits up to
 * {@code archiver.db.start-timeout} for the database to accept a connection (HikariCP tries about
 * once a second), so a PostgreSQL that is restarting or not up yet delays the start instead of
 * failing it; past that wait the start fails with one message naming the store (its URL without
 * parameters, which may carry a password) and the setting.
 *
 * <p>The pool is closed by {@link #closedOnStop}, a service of the Camel context added before the
 * services that still write while Camel stops (the inbox giving its claims back): Camel stops its
 * services in the reverse order, so the database closes last. An H2 URL carries
 * {@code DB_CLOSE_ON_EXIT=FALSE} (added when missing), or H2's own JVM shutdown hook closes the
 * database while Camel's graceful shutdown is still running.
 */
public final class StateStore {

    /** The setting of the wait, for the messages. */
    public static final String START_TIMEOUT = "archiver.db.start-timeout";

    private StateStore() {
    }

    /**
     * @param startTimeout how long to keep trying at start; zero tries once
     * @throws IllegalStateException when no connection could be opened within {@code startTimeout}
     */
    public static HikariDataSource open(String url, String user, String password, int poolSize,
            Duration startTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(closedByTheArchiver(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("archiver-db");
        // HikariCP's own start-up retry: a positive value keeps trying for that many milliseconds
        config.setInitializationFailTimeout(Math.max(1, startTimeout.toMillis()));
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("The state store " + describe(url) + " did not accept a connection within "
                    + startTimeout + " (" + START_TIMEOUT + "): " + Redaction.text(String.valueOf(cause.getMessage())), e);
        }
    }

    /** A service that closes the pool when the Camel context stops; add it before the services that use the pool. */
    public static Service closedOnStop(DataSource dataSource) {
        return new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                if (dataSource instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
        };
    }

    /**
     * An H2 URL with {@code ;DB_CLOSE_ON_EXIT=FALSE} added when it does not say otherwise (an
     * operator's own H2 URL gets the same shutdown order as the default); other URLs as they are.
     */
    static String closedByTheArchiver(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8) || url.toUpperCase(Locale.ROOT).contains(";DB_CLOSE_ON_EXIT=")) {
            return url;
        }
        return url + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** The JDBC URL without its parameters ({@code ?...} of PostgreSQL, {@code ;...} of H2). */
    static String describe(String url) {
        int end = url.length();
        for (char c : new char[] {'?', ';'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return url.substring(0, end);
    }

    /**
     * Whether {@code failure} (or one of its causes) says the state store could not be reached or
     * dropped the connection, rather than refusing a statement: Spring's
     * {@code DataAccessResourceFailureException}, {@code TransientDataAccessException},
     * {@code RecoverableDataAccessException} and {@code CannotCreateTransactionException}, JDBC's
     * {@code SQLTransientException} and {@code SQLRecoverableException}, or an {@code SQLException}
     * of SQLState class 08 (connection exception) or 57P (operator intervention: PostgreSQL's
     * "terminating connection due to administrator command" during a restart). Such a failure is
     * worth retrying once the store is back; it says nothing about the recording.
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
