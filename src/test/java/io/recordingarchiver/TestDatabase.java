package io.recordingarchiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import io.recordingarchiver.testkit.ExternalTool;
import com.zaxxer.hikari.HikariDataSource;

/**
 * An empty database of its own for one test class: an H2 file database in a temporary directory,
 * or a fresh schema in the test PostgreSQL ({@link ExternalTool#postgresUrl()}). Each pool it opens stands for
 * one archiver process; {@link #close()} closes the pools and removes the database.
 */
public final class TestDatabase implements AutoCloseable {


    private interface Cleanup {
        void run() throws Exception;
    }

    private final String url;
    private final String user;
    private final Cleanup cleanup;
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

    private TestDatabase(String url, String user, Cleanup cleanup) {
        this.url = url;
        this.user = user;
        this.cleanup = cleanup;
    }

    /** The embedded default: an H2 file database, opened the way the archiver opens it. */
    public static TestDatabase h2() throws IOException {
        Path dir = Files.createTempDirectory("archiver-h2-");
        return new TestDatabase("jdbc:h2:file:" + dir.resolve("archiver") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa",
                () -> deleteTree(dir));
    }

    /** The shared mode: a new schema in the test PostgreSQL, dropped on close. */
    public static TestDatabase postgres() throws SQLException {
        String schema = "archiver_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        return new TestDatabase(withSchema(ExternalTool.postgresUrl(), schema), ExternalTool.POSTGRES_USER,
                () -> execute("DROP SCHEMA " + schema + " CASCADE"));
    }

    /** The JDBC URL of this database (for PostgreSQL with its {@code currentSchema}). */
    public String url() {
        return url;
    }

    /** A new connection pool of its own, as a separate archiver process would have. */
    public DataSource newPool(int connections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(connections);
        config.setPoolName("test-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public void close() throws Exception {
        pools.forEach(HikariDataSource::close);
        cleanup.run();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ExternalTool.postgresUrl(), ExternalTool.POSTGRES_USER, null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The URL with {@code currentSchema} added (the configured URL may carry parameters of its own). */
    public static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
