package io.recordingarchiver.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.recordingarchiver.transfer.EmbeddedS3;
import io.recordingarchiver.testkit.ExternalTool;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The state store and the bucket of the shared mode, outside any archiver process: a fresh schema
 * in the test PostgreSQL ({@link ExternalTool#postgresUrl()}, user {@code postgres}) and one
 * s3proxy in the test JVM, filesystem-backed under a temporary folder, with the bucket created.
 * {@link #settings()} points archiver processes at both; {@link #close()} drops the schema, stops
 * the store and deletes its files.
 */
final class SharedStores implements AutoCloseable {

    static final String BUCKET = "recordings";
    private static final String POSTGRES = ExternalTool.postgresUrl();
    private static final String ACCESS_KEY = "shared-test-key";
    private static final String SECRET_KEY = "shared-test-secret";

    private final String schema = "schema_" + UUID.randomUUID().toString().replace("-", "");
    private final JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(POSTGRES, "postgres", ""));
    private final Path s3Dir;
    private final EmbeddedS3 store;
    private final S3Client s3;
    private final JdbcTemplate db;
    private final URI endpoint;

    SharedStores() throws IOException {
        admin.execute("CREATE SCHEMA " + schema);
        s3Dir = Files.createTempDirectory("archiver-shared-s3");
        // a fixed free port, so the store comes back where the archivers expect it after stopStore()
        store = new EmbeddedS3(s3Dir, ArchiverEnvironment.freePort(), ACCESS_KEY, SECRET_KEY);
        store.start();
        s3 = S3Client.builder().endpointOverride(store.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .build();
        s3.createBucket(b -> b.bucket(BUCKET));
        endpoint = store.endpoint();
        db = new JdbcTemplate(new DriverManagerDataSource(dbUrl(), "postgres", ""));
    }

    /** The settings that make an archiver use this database and this bucket. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("archiver.db.url", dbUrl());
        settings.put("archiver.db.user", "postgres");
        settings.put("archiver.db.password", "");
        settings.put("archiver.s3.embedded", "false");
        settings.put("archiver.s3.endpoint", endpoint().toString());
        settings.put("archiver.s3.path-style", "true");
        settings.put("archiver.s3.access-key", ACCESS_KEY);
        settings.put("archiver.s3.secret-key", SECRET_KEY);
        settings.put("archiver.s3.bucket", BUCKET);
        return settings;
    }

    /** Applies {@link #settings()} to an environment. */
    ArchiverEnvironment configure(ArchiverEnvironment env) {
        settings().forEach(env::with);
        return env;
    }

    S3Client s3() {
        return s3;
    }

    /** Stops the S3 store (an outage: connections refused) until {@link #startStore()}. */
    void stopStore() {
        store.stop();
    }

    /** Starts the stopped store again, on the same port and files. */
    void startStore() {
        store.start();
    }

    /** The archiver's tables, in this run's schema. */
    JdbcTemplate db() {
        return db;
    }

    private String dbUrl() {
        return POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws IOException {
        try {
            s3.close();
            store.stop();
        } finally {
            admin.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            try (Stream<Path> paths = Files.walk(s3Dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
